/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { filtersOf, pageParam, readForm } from '../forms.ts'
import { anyOf, Field, SelectField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { counted, When, money } from '../layout/parts.tsx'
import { FilteredTable } from '../layout/table.tsx'
import { orderStatusText } from '../orders/order-parts.tsx'
import { signedInSession, type WebEnv } from '../session/session.ts'
import { actionsOn, type ThingPage } from './actions.ts'
import { askFirst, renderAdmin } from './admin-layout.tsx'
import { adminsOnly, staffToken } from './admin.routes.tsx'
import type { Staff } from './staff.ts'
import { staffStatus } from './ticket-view.tsx'

const roles = ['customer', 'support', 'admin'] as const
const roleText = { customer: 'Customers', support: 'Support agents', admin: 'Admins' }
const listQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(roles).optional().catch(undefined),
  page: pageParam,
})
const rolesForm = z.object({
  customer: z.literal('1').optional(),
  support: z.literal('1').optional(),
  admin: z.literal('1').optional(),
})

/** Users in the back office (admins): search, one user with their orders and tickets, roles, disabling. */
export function usersAdminRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()
  app.use(adminsOnly)

  app.get('/', async (c) => {
    const { q, role, page } = listQuery.parse(c.req.query())
    const found = await staff.users(staffToken(c), { q, role, page, limit: 20 })
    const filters = filtersOf({ q, role })
    return renderAdmin(
      c,
      { title: 'Users' },
      <>
        <h1>Users</h1>
        <p class="actions start">
          <a class="button secondary" href="/admin/users/import">
            Import customers (CSV)
          </a>
        </p>
        <FilteredTable
          path="/admin/users"
          submit="Search"
          count={counted(found.total, 'user')}
          params={filters}
          fields={
            <>
              <Field name="q" label="Name or e-mail" value={q} />
              <SelectField name="role" label="Role" value={role} options={anyOf(roles, (r) => roleText[r])} />
            </>
          }
          caption="Users, newest first"
          found={found}
          page={page}
          columns={[
            {
              head: 'E-mail',
              cell: (u) => (
                <>
                  <a href={`/admin/users/${u.id}`}>{u.email}</a>
                  {u.deletedAt ? (
                    <span class="down"> (deleted)</span>
                  ) : (
                    <>
                      {u.disabled && <span class="down"> (disabled)</span>}
                      {!u.emailVerified && <span class="muted"> (not verified)</span>}
                    </>
                  )}
                </>
              ),
            },
            { head: 'Name', cell: (u) => u.name },
            { head: 'Roles', cell: (u) => u.roles.join(', ') },
            { head: 'Since', wide: true, cell: (u) => <When at={u.createdAt} /> },
          ]}
        />
      </>,
    )
  })

  const userPage: ThingPage = async (c, id, notice, status = 200) => {
    if (!z.uuid().safeParse(id).success) throw new AppError('not_found', 'There is no such user.')
    const token = staffToken(c)
    const user = await staff.user(token, id)
    const [orders, tickets] = await Promise.all([
      staff.orders(token, { userId: id, limit: 10 }).catch(() => undefined),
      staff.tickets(token, { userId: id, limit: 10 }).catch(() => undefined),
    ])
    const self = signedInSession(c).user.id === id
    return renderAdmin(
      c,
      { title: user.email, notice },
      <div class="stack">
        <h1>{user.name}</h1>
        <p>
          {`${user.email}${user.phone ? ` · ${user.phone}` : ''} · ${user.emailVerified ? 'verified' : 'not verified'} · ${user.marketingOptIn ? 'gets promotions' : 'no promotions'} · since `}
          <When at={user.createdAt} />
          {user.disabled && <strong class="down"> · disabled</strong>}
        </p>
        {user.deletedAt && (
          <p class="notice">
            Deleted on <When at={user.deletedAt} />: its name, e-mail, phone, address and password are erased, and it
            stays closed. Its orders and tickets keep the name and address they were made with.
          </p>
        )}
        <div class="product">
          <Listed
            title="Orders"
            items={orders?.items}
            link={(o) => [`/admin/orders/${o.id}`, o.number]}
            about={(o) => `${orderStatusText(o)} · ${money(o.total, o.currency)}`}
          />
          <Listed
            title="Tickets"
            items={tickets?.items}
            link={(t) => [`/admin/tickets/${t.id}`, t.number]}
            about={(t) => `${t.subject} · ${staffStatus[t.status]}`}
          />
        </div>
        {!user.deletedAt && (
          <form class="panel" method="post" action={`/admin/users/${id}/roles`}>
            <CsrfField />
            <fieldset class="rating">
              <legend>Roles</legend>
              {roles.map((r) => (
                <label class="check">
                  <input type="checkbox" name={r} value="1" checked={user.roles.includes(r)} /> {r}
                </label>
              ))}
            </fieldset>
            <button type="submit" class="secondary">
              Save roles
            </button>
          </form>
        )}
        {!self && !user.deletedAt && (
          <p>
            <a class="button secondary" href={`/admin/users/${id}/${user.disabled ? 'enable' : 'disable'}`}>
              {user.disabled ? 'Enable the account…' : 'Disable the account…'}
            </a>{' '}
            {user.roles.every((r) => r === 'customer') && (
              <a class="button secondary" href={`/admin/users/${id}/delete`}>
                Delete the account…
              </a>
            )}
          </p>
        )}
      </div>,
      status,
    )
  }
  const actions = actionsOn('/admin/users', userPage, {
    roles: 'Roles saved; they apply within seconds, without signing in again.',
    disabled: 'Disabled: every session of the account ends within seconds, and it cannot sign in.',
    enabled: 'Enabled: the account can sign in again.',
    deleted: 'Deleted: the personal data is erased, every session has ended, and a last e-mail is on its way.',
  })

  app.get('/:id', actions.show)
  app.post('/:id/roles', async (c) => {
    const id = c.req.param('id')
    const form = await readForm(c, rolesForm)
    const chosen = roles.filter((r) => form[r])
    if (chosen.length === 0)
      return userPage(c, id, { kind: 'alert', text: 'Keep at least one role (customer, for a shopper).' }, 400)
    if (signedInSession(c).user.id === id && !chosen.includes('admin'))
      return userPage(
        c,
        id,
        { kind: 'alert', text: 'You cannot take the admin role from yourself: ask another admin.' },
        409,
      )
    return actions.run(c, 'roles', () => staff.administer(staffToken(c), id, { roles: chosen }))
  })
  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.get(`/:id/${path}`, async (c) => {
      const user = await staff.user(staffToken(c), c.req.param('id'))
      return askFirst(c, {
        question: `${disabled ? 'Disable' : 'Enable'} ${user.email}?`,
        detail: disabled
          ? 'Every session of the account ends within seconds, and it cannot sign in until enabled again. Orders and tickets stay.'
          : 'The account can sign in again.',
        action: `/admin/users/${user.id}/${path}`,
        button: disabled ? 'Disable' : 'Enable',
      })
    })
    app.post(`/:id/${path}`, async (c) => {
      const id = c.req.param('id')
      if (disabled && signedInSession(c).user.id === id)
        throw new AppError('conflict', 'You cannot disable your own account.')
      return actions.run(c, path === 'disable' ? 'disabled' : 'enabled', () =>
        staff.administer(staffToken(c), id, { disabled }),
      )
    })
  }
  app.get('/:id/delete', async (c) => {
    const user = await staff.user(staffToken(c), c.req.param('id'))
    return askFirst(c, {
      question: `Delete the account of ${user.email}?`,
      detail:
        'For a customer who asked: their name, e-mail, phone, address and password are erased, every session ends, and a last e-mail tells them. Orders and tickets keep the name and address they were made with. It cannot be undone.',
      action: `/admin/users/${user.id}/delete`,
      button: 'Delete the account',
    })
  })
  app.post('/:id/delete', (c) => actions.run(c, 'deleted', (id) => staff.deleteUser(staffToken(c), id)))
  return app
}

/** A user's orders or tickets: each linked with a line about it; none, or a note when the service cannot be read. */
function Listed<T>(props: {
  title: string
  items: T[] | undefined
  link: (item: T) => [href: string, text: string]
  about: (item: T) => string
}) {
  const id = props.title.toLowerCase()
  const list = () =>
    props.items?.length ? (
      <ul>
        {props.items.map((item) => {
          const [href, text] = props.link(item)
          return (
            <li>
              <a href={href}>{text}</a> <span class="muted">{props.about(item)}</span>
            </li>
          )
        })}
      </ul>
    ) : (
      <p>None.</p>
    )
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.items ? list() : <p class="muted">{`${props.title} cannot be read now.`}</p>}
    </section>
  )
}
