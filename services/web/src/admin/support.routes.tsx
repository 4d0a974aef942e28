/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { filtersOf, readForm, pageParam } from '../forms.ts'
import { SelectField, anyOf, choices } from '../layout/fields.tsx'
import { counted, When } from '../layout/parts.tsx'
import { FilteredTable } from '../layout/table.tsx'
import { signedInSession, type WebEnv } from '../session/session.ts'
import { ticketTypes } from '../shop/schemas.ts'
import { returnText, typeText } from '../tickets/ticket-page.tsx'
import { actionsOn, type ThingPage } from './actions.ts'
import { askFirst, isAdmin, renderAdmin } from './admin-layout.tsx'
import { staffToken } from './admin.routes.tsx'
import type { Staff } from './staff.ts'
import { addressOf, assigneeText, priorities, priorityText, staffStatus, statuses, TicketView } from './ticket-view.tsx'

const queueQuery = z.object({
  type: z.enum(ticketTypes).optional().catch(undefined),
  status: z.enum(statuses).optional().catch(undefined),
  priority: z.enum(priorities).optional().catch(undefined),
  overdue: z.literal('true').optional().catch(undefined),
  assignee: z.enum(['me', 'unassigned']).optional().catch(undefined),
  page: pageParam,
})
// the queue's filters: each choice as staff read it
const choicesOf = {
  type: anyOf(ticketTypes, (t) => typeText[t]),
  status: anyOf(statuses, (s) => staffStatus[s]),
  priority: anyOf(priorities, (p) => priorityText[p]),
}
const replyForm = z.object({ body: z.string().trim().min(1, 'write the reply').max(10_000) })
const changeForm = z.object({
  status: z.enum(statuses).optional(),
  priority: z.enum(priorities).optional(),
  assign: z.enum(['me', 'nobody']).optional(),
})
const rejectForm = z.object({ reason: z.string().trim().min(3, 'say why, for the customer').max(2000) })

/** The support queue: tickets with filters, one ticket's conversation, replies, assignment, status, returns. */
export function supportAdminRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()

  app.get('/', async (c) => {
    const query = queueQuery.parse(c.req.query())
    const { assignee, page, ...rest } = query
    const found = await staff.tickets(staffToken(c), {
      ...rest,
      page,
      limit: 20,
      ...(assignee === 'me' ? { assignee: 'me' } : assignee === 'unassigned' ? { unassigned: 'true' } : {}),
    })
    const params = filtersOf(query)
    const me = signedInSession(c).user.id
    return renderAdmin(
      c,
      { title: 'Support' },
      <>
        <h1>Support queue</h1>
        <FilteredTable
          path="/admin/tickets"
          count={`${counted(found.total, 'ticket')} (unanswered first, by deadline)`}
          params={params}
          fields={
            <>
              <SelectField name="type" label="Type" value={query.type} options={choicesOf.type} />
              <SelectField name="status" label="Status" value={query.status} options={choicesOf.status} />
              <SelectField name="priority" label="Priority" value={query.priority} options={choicesOf.priority} />
              <SelectField
                name="assignee"
                label="Assignee"
                value={query.assignee ?? ''}
                options={choices({ '': 'Anyone', me: 'Me', unassigned: 'Nobody yet' })}
              />
              <label class="check">
                <input type="checkbox" name="overdue" value="true" checked={!!query.overdue} /> Overdue only
              </label>
            </>
          }
          caption="Tickets"
          found={found}
          page={page}
          columns={[
            { head: 'Ticket', cell: (t) => <a href={`/admin/tickets/${t.id}`}>{t.number}</a> },
            { head: 'Subject', cell: (t) => `${typeText[t.type]}: ${t.subject}` },
            { head: 'From', wide: true, cell: (t) => addressOf(t) },
            { head: 'Status', cell: (t) => staffStatus[t.status] },
            {
              head: 'Assignee',
              wide: true,
              cell: (t) => assigneeText(t.assigneeId, me).replace(/^./, (first) => first.toUpperCase()),
            },
            { head: 'Priority', wide: true, cell: (t) => priorityText[t.priority] },
            {
              head: 'Answer due',
              wide: true,
              mark: (t) => t.overdue && 'down',
              cell: (t) =>
                t.firstRespondedAt ? (
                  'answered'
                ) : (
                  <>
                    <When at={t.firstResponseDueAt} />
                    {t.overdue ? ' (overdue)' : ''}
                  </>
                ),
            },
          ]}
        />
      </>,
    )
  })

  const ticketPage: ThingPage = async (c, id, notice, status = 200, errors = {}) => {
    if (!z.uuid().safeParse(id).success) throw new AppError('not_found', 'There is no such ticket.')
    const ticket = await staff.ticket(staffToken(c), id)
    const { user } = signedInSession(c)
    return renderAdmin(
      c,
      { title: `Ticket ${ticket.number}`, notice },
      <TicketView ticket={ticket} me={user.id} admin={isAdmin(user.roles)} errors={errors} />,
      status,
    )
  }
  const actions = actionsOn('/admin/tickets', ticketPage, {
    replied: 'Reply sent; the customer gets it by e-mail.',
    changed: 'Saved.',
    approved:
      'Return approved: what it sends back is refunded and restocked, the ticket resolved, the customer e-mailed.',
    rejected: 'Return rejected: the customer has your reason by e-mail, and the ticket is resolved.',
  })

  app.get('/:id', actions.show)
  app.post('/:id/reply', (c) =>
    actions.submit(c, replyForm, 'replied', (id, { body }) => staff.replyToTicket(staffToken(c), id, body)),
  )
  app.post('/:id/change', async (c) => {
    const { status, priority, assign } = await readForm(c, changeForm)
    const me = signedInSession(c).user.id
    return actions.run(c, 'changed', async (id) => {
      // only what differs from the ticket now: each change is recorded (and a status change e-mailed)
      const now = await staff.ticket(staffToken(c), id)
      const assigneeId = assign === 'me' ? me : assign === 'nobody' ? null : undefined
      const change = {
        ...(status && status !== now.status ? { status } : {}),
        ...(priority && priority !== now.priority ? { priority } : {}),
        ...(assigneeId !== undefined && assigneeId !== now.assigneeId ? { assigneeId } : {}),
      }
      if (Object.keys(change).length > 0) await staff.changeTicket(staffToken(c), id, change)
    })
  })
  // approving a return refunds the order: a page that asks first
  app.get('/:id/approve', async (c) => {
    const id = c.req.param('id')
    if (!z.uuid().safeParse(id).success) throw new AppError('not_found', 'There is no such ticket.')
    const ticket = await staff.ticket(staffToken(c), id)
    return askFirst(c, {
      question: `Approve the return of order ${ticket.orderNumber ?? ''}?`,
      detail: ticket.items
        ? `${returnText(ticket)}: their share of what was paid goes back to the customer's card and they go back on the shelf; the ticket is resolved and the customer e-mailed.`
        : "The order is refunded to the customer's card (all of it not refunded yet) and its stock goes back on the shelf; the ticket is resolved and the customer e-mailed.",
      action: `/admin/tickets/${id}/approve`,
      button: 'Approve and refund',
    })
  })
  app.post('/:id/approve', (c) => actions.run(c, 'approved', (id) => staff.approveReturn(staffToken(c), id)))
  app.post('/:id/reject', (c) =>
    actions.submit(c, rejectForm, 'rejected', async (id, { reason }) => {
      await staff.replyToTicket(staffToken(c), id, `We cannot accept this return: ${reason}`)
      await staff.changeTicket(staffToken(c), id, { status: 'resolved' })
    }),
  )
  return app
}
