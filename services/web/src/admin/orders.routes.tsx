/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, addressLines, cardText, today } from '@shopfront/kit'
import { filtersOf, pageParam } from '../forms.ts'
import { Field, SelectField, anyOf } from '../layout/fields.tsx'
import { renderDocument } from '../layout/document.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { counted, When, money } from '../layout/parts.tsx'
import { FilteredTable } from '../layout/table.tsx'
import {
  OrderHistory,
  OrderLines,
  OrderTotals,
  orderStatusText,
  pendingMoveText,
  statusText,
} from '../orders/order-parts.tsx'
import { orderRef } from '../orders/orders.routes.tsx'
import { PackingSlip } from '../orders/printables.tsx'
import { signedInSession, type WebContext, type WebEnv } from '../session/session.ts'
import { actionsOn, type ThingPage } from './actions.ts'
import { askFirst, isAdmin, productHref, renderAdmin } from './admin-layout.tsx'
import { requireAdmin, staffToken } from './admin.routes.tsx'
import { ordersCsv } from './orders-csv.ts'
import type { StaffOrder } from './schemas.ts'
import { csvAttachment } from './csv.ts'
import type { ShopTerms } from '../settings.ts'
import type { Staff } from './staff.ts'
import { exportable } from '../shop/all-pages.ts'

// `placed`: every order that went through (neither failed nor still being placed), as the dashboard counts them
const statuses = ['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded', 'failed', 'pending'] as const
const statusChoice = (s: (typeof statuses)[number]) => (s === 'placed' ? 'Placed (not failed)' : (statusText[s] ?? s))
const day = z.iso.date().optional().catch(undefined)
const listQuery = z.object({
  status: z.enum(statuses).optional().catch(undefined),
  email: z.string().trim().max(254).optional().catch(undefined),
  from: day,
  to: day,
  page: pageParam,
})
/** The list's filters as sales reads them (`placed=true` for the placed ones; the days in the shop's time zone). */
const salesFilters = <Q extends { status?: string | undefined }>({ status, ...rest }: Q, tz: string) =>
  status === 'placed' ? { ...rest, placed: 'true', tz } : { ...rest, status, tz }
const shipForm = z.object({ trackingNumber: z.string().trim().min(3, 'at least 3 characters').max(100) })
/** An export reads sales' pages of this many, up to this many orders in all. */
const exportPage = 100
const exportLimit = 10_000

/** Orders in the back office: the list with filters, one order, and moving it on (ship, deliver, cancel with refund). */
export function ordersAdminRoutes({
  staff,
  timeZone,
  terms,
}: {
  staff: Staff
  timeZone: () => string
  terms: () => ShopTerms
}) {
  const app = new Hono<WebEnv>()

  app.get('/', async (c) => {
    const query = listQuery.parse(c.req.query())
    // an order's number (a customer on the phone reads it from the e-mail) opens that order
    const number = /^(?:SF-?)?(\d{1,12})$/i.exec(query.email ?? '')?.[1]
    if (number) return c.redirect(`/admin/orders/SF-${number}`, 303)
    const found = await staff.orders(staffToken(c), { ...salesFilters(query, timeZone()), limit: 20 })
    return renderAdmin(
      c,
      { title: 'Orders' },
      <>
        <h1>Orders</h1>
        <FilteredTable
          path="/admin/orders"
          count={counted(found.total, 'order')}
          params={filtersOf(query)}
          fields={
            <>
              <SelectField name="status" label="Status" value={query.status} options={anyOf(statuses, statusChoice)} />
              <Field
                name="email"
                label="Customer e-mail or order number"
                value={query.email}
                hint="SF-1042 (or 1042) opens that order"
              />
              <Field
                name="from"
                label="Placed from"
                type="date"
                value={query.from}
                hint={`days in the shop’s time zone (${timeZone()})`}
              />
              <Field name="to" label="to" type="date" value={query.to} />
            </>
          }
          between={
            <p>
              <a
                class="button secondary"
                href={`/admin/orders/export.csv?${new URLSearchParams(filtersOf(query))}`}
                download
              >
                Download these as CSV
              </a>
            </p>
          }
          caption="Orders, newest first"
          found={found}
          page={query.page}
          columns={[
            { head: 'Order', cell: (o) => <a href={`/admin/orders/${o.id}`}>{o.number}</a> },
            { head: 'Customer', cell: (o) => o.customer.email },
            { head: 'Placed', wide: true, cell: (o) => <When at={o.createdAt} /> },
            { head: 'Status', cell: (o) => orderStatusText(o) },
            { head: 'Total', num: true, cell: (o) => money(o.total, o.currency) },
          ]}
        />
      </>,
    )
  })

  // the filtered orders as a spreadsheet, newest first: read whole before the first byte, so a
  // neighbour failing midway is an error page, never a file cut short
  app.get('/export.csv', async (c) => {
    const filters = salesFilters(filtersOf(listQuery.parse(c.req.query())), timeZone())
    const token = staffToken(c)
    const orders = await exportable(
      (page) => staff.orders(token, { ...filters, page, limit: exportPage }),
      exportLimit,
      (total) =>
        `These filters find ${total.toLocaleString('en-US')} orders; an export takes up to ${exportLimit.toLocaleString('en-US')}: narrow the days or the status.`,
    )
    const day = today(timeZone())
    return c.body(ordersCsv(orders), 200, csvAttachment(`orders-${day}.csv`))
  })

  /** The order by its id or number; anything else is no order (a 404, sales not asked). */
  const orderOf = (c: WebContext, id: string) => {
    if (!orderRef.safeParse(id).success) throw new AppError('not_found', 'There is no such order.')
    return staff.order(staffToken(c), id)
  }

  const orderPage: ThingPage = async (c, id, notice, status = 200, errors = {}) => {
    const order = await orderOf(c, id)
    const admin = isAdmin(signedInSession(c).user.roles)
    return renderAdmin(
      c,
      { title: `Order ${order.number}`, notice },
      <OrderView order={order} admin={admin} errors={errors} />,
      status,
    )
  }

  /** An action on an order, and the order again with what happened (the services' 409 rules in their words). */
  const actions = actionsOn('/admin/orders', orderPage, {
    shipped: 'Marked as shipped; the customer is e-mailed the tracking number.',
    delivered: 'Marked as delivered; the customer is e-mailed.',
    cancelled: 'Cancelled: the payment is refunded, the stock is back, the customer is e-mailed.',
  })

  app.get('/:id', actions.show)
  // what the warehouse packs, to print: the items and the address, no prices
  app.get('/:id/packing-slip', async (c) => {
    const order = await orderOf(c, c.req.param('id'))
    const title = `Packing slip for order ${order.number}`
    return renderDocument(
      c,
      { title, back: `/admin/orders/${order.id}` },
      <PackingSlip order={order} returnWindowDays={terms().returnWindowDays} />,
    )
  })
  // moving an order on is for admins (sales refuses anyone else too)
  app.post('/:id/*', async (c, next) => {
    requireAdmin(c)
    await next()
  })
  app.get('/:id/cancel', async (c, next) => {
    requireAdmin(c)
    await next()
  })
  app.post('/:id/ship', (c) =>
    actions.submit(c, shipForm, 'shipped', (id, { trackingNumber }) =>
      staff.moveOrder(staffToken(c), id, { status: 'shipped', trackingNumber }),
    ),
  )
  app.post('/:id/deliver', (c) =>
    actions.run(c, 'delivered', (id) => staff.moveOrder(staffToken(c), id, { status: 'delivered' })),
  )
  // cancelling refunds: a page that asks first
  app.get('/:id/cancel', async (c) => {
    const id = c.req.param('id')
    if (!orderRef.safeParse(id).success) throw new AppError('not_found', 'There is no such order.')
    const order = await staff.order(staffToken(c), id)
    return askFirst(c, {
      question: `Cancel order ${order.number}?`,
      detail: `${money(order.total, order.currency)} goes back to ${order.customer.email}'s card, the stock goes back on the shelf, and the customer is e-mailed.`,
      action: `/admin/orders/${id}/cancel`,
      button: 'Cancel and refund',
    })
  })
  app.post('/:id/cancel', (c) => actions.run(c, 'cancelled', (id) => staff.cancelOrder(staffToken(c), id)))
  return app
}

function OrderView({ order, admin, errors }: { order: StaffOrder; admin: boolean; errors: Record<string, string> }) {
  const a = order.shippingAddress
  // the line a failed checkout could not have, one click from its product (its stock, for an admin)
  const short = order.items.find((i) => i.productId === order.failure?.productId)
  return (
    <div class="stack">
      <h1>{`Order ${order.number}`}</h1>
      <p>
        <span class="status">{orderStatusText(order)}</span>{' '}
        <span class="muted">
          placed <When at={order.createdAt} /> by
          {admin ? <a href={`/admin/users/${order.userId}`}>{order.customer.name}</a> : order.customer.name}
          {` (${order.customer.email})`}
        </span>
      </p>
      <OrderLines order={order} href={(id) => productHref(admin, id)} />
      <OrderTotals order={order} />
      <div class="product">
        <section class="panel" aria-labelledby="facts">
          <h2 id="facts">Payment and shipping</h2>
          {(order.status === 'paid' || order.status === 'shipped') && (
            <p>
              <a href={`/admin/orders/${order.id}/packing-slip`}>Packing slip</a> (to print for the parcel)
            </p>
          )}
          <p>
            {order.payment
              ? `Payment: ${cardText(order.payment)} · reference ${order.payment.reference}`
              : 'No payment went through.'}
          </p>
          {order.trackingNumber && <p>{`Tracking number: ${order.trackingNumber}`}</p>}
          {a && <p>{addressLines(a).join(', ')}</p>}
          {order.failure && (
            <p class="down">
              {`Failed (${order.failure.reason}): ${order.failure.detail}`}
              {short && (
                <>
                  {' '}
                  <a href={productHref(admin, short.productId)}>{`See ${short.name}`}</a>
                </>
              )}
            </p>
          )}
        </section>
        <OrderHistory order={order} staff />
      </div>
      {admin ? (
        <section class="panel" aria-labelledby="actions">
          <h2 id="actions">Move it on</h2>
          {order.pendingStatus ? (
            <p>
              {`Its ${pendingMoveText[order.pendingStatus]} is being finished: the money may already be back on the card, so nothing else can be done with it until then. Sales finishes it by itself within minutes.`}
            </p>
          ) : (
            <OrderMoves order={order} errors={errors} />
          )}
        </section>
      ) : (
        <p class="muted">Support sees orders; shipping, delivering and refunds are for administrators.</p>
      )}
    </div>
  )
}

/** What an admin can do next with an order: ship it (with its tracking number), mark it delivered, cancel it. */
function OrderMoves({ order, errors }: { order: StaffOrder; errors: Record<string, string> }) {
  const moving = order.status === 'paid' || order.status === 'shipped'
  return (
    <>
      {order.status === 'paid' && (
        <form class="filters-row" method="post" action={`/admin/orders/${order.id}/ship`}>
          <CsrfField />
          <Field name="trackingNumber" label="Tracking number" required error={errors.trackingNumber} />
          <button type="submit">Mark as shipped</button>
        </form>
      )}
      {order.status === 'shipped' && (
        <form method="post" action={`/admin/orders/${order.id}/deliver`}>
          <CsrfField />
          <button type="submit">Mark as delivered</button>
        </form>
      )}
      {moving ? (
        <p>
          <a class="button secondary" href={`/admin/orders/${order.id}/cancel`}>
            Cancel and refund…
          </a>
        </p>
      ) : (
        <p class="muted">Nothing more to do with this order.</p>
      )}
    </>
  )
}
