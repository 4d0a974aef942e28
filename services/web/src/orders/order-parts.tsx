/** @jsxImportSource hono/jsx */
import { cardText, returnableUntil } from '@shopfront/kit'
import { shippingLabel } from '@shopfront/sales/contract'
import { History, money } from '../layout/parts.tsx'
import { Table } from '../layout/table.tsx'
import type { Order } from '../shop/schemas.ts'

/**
 * An order's lines (product, quantity and how many came back, total), each product linked
 * where `href` says (the shop's page or the back office's); with `reviews` (the shopper's
 * own order, delivered), a link to review each.
 */
export function OrderLines({
  order,
  href,
  reviews = false,
}: {
  order: Order
  href: (productId: string) => string
  reviews?: boolean
}) {
  type Line = Order['items'][number]
  const review = {
    head: 'Your review',
    cell: (line: Line) => (
      <a href={`/products/${line.productId}/review`}>
        Review<span class="visually-hidden">{` ${line.name}`}</span>
      </a>
    ),
  }
  return (
    <Table
      caption="What was ordered"
      rows={order.items}
      columns={[
        { head: 'Product', cell: (line) => <a href={href(line.productId)}>{line.name}</a> },
        {
          head: 'Quantity',
          num: true,
          cell: (line) => (line.returned > 0 ? `${line.quantity} (${line.returned} returned)` : String(line.quantity)),
        },
        { head: 'Total', num: true, cell: (line) => money(line.lineTotal, order.currency) },
        ...(reviews ? [review] : []),
      ]}
    />
  )
}

/** Subtotal, the discount with its code, delivery, the total, and what a return of some items gave back. */
export function OrderTotals({ order }: { order: Order }) {
  return (
    <dl class="totals">
      <dt>Subtotal</dt>
      <dd>{money(order.subtotal, order.currency)}</dd>
      {order.discount > 0 && (
        <>
          <dt>{`Discount${order.promoCode ? ` (${order.promoCode})` : ''}`}</dt>
          <dd>{`−${money(order.discount, order.currency)}`}</dd>
        </>
      )}
      <dt>{shippingLabel(order)}</dt>
      <dd>{order.shipping > 0 ? money(order.shipping, order.currency) : 'Free'}</dd>
      <dt>Total</dt>
      <dd class="grand">{money(order.total, order.currency)}</dd>
      {order.refunded > 0 && order.refunded < order.total && (
        <>
          <dt>Refunded for returned items</dt>
          <dd>{`−${money(order.refunded, order.currency)}`}</dd>
        </>
      )}
    </dl>
  )
}

/** How the customer paid for an order, and whether it went back; nothing where no payment went through. */
export function paymentText({
  status,
  payment,
  refunded,
  currency,
}: Pick<Order, 'status' | 'payment' | 'refunded' | 'currency'>): string | undefined {
  if (!payment || status === 'failed' || status === 'pending') return undefined
  const paid = `Paid with ${cardText(payment)}`
  if (status === 'cancelled' || status === 'refunded') return `${paid}; the payment was given back`
  return refunded > 0 ? `${paid}; ${money(refunded, currency)} of it was given back` : paid
}

/** What an order's status means to the one reading it. */
export const statusText: Record<string, string> = {
  pending: 'Being placed',
  paid: 'Paid, being prepared',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  failed: 'Not placed',
  // a history entry, not a status: some items came back and were refunded
  partially_refunded: 'Items returned and refunded',
}

/**
 * Whether a delivered order's items can still be sent back, and until when (support refuses
 * a return past it): nothing for an order not delivered, or with nothing left to return.
 */
export function returnWindowOf(order: Order, days: number) {
  const deliveredAt = order.history?.findLast((e) => e.status === 'delivered')?.at
  const out = order.items.some((i) => i.returned < i.quantity)
  if (order.status !== 'delivered' || order.pendingStatus || !out || !deliveredAt) return undefined
  const until = returnableUntil(deliveredAt, days)
  return { until: until.toISOString(), open: until.getTime() > Date.now() }
}
export type ReturnWindow = NonNullable<ReturnType<typeof returnWindowOf>>

/** What a cancellation or refund being finished is called in a sentence. */
export const pendingMoveText = { cancelled: 'cancellation', refunded: 'refund' } as const

/**
 * An order's status in words; a cancellation or refund under way (its money already on its
 * way back, perhaps) says so instead.
 */
export const orderStatusText = (o: Pick<Order, 'status' | 'pendingStatus'>) =>
  o.pendingStatus === 'cancelled'
    ? 'Being cancelled'
    : o.pendingStatus === 'refunded'
      ? 'Being refunded'
      : (statusText[o.status] ?? o.status)

/** The statuses whose notes are the record's own (the checkout started, the payment's reference): staff read them, shoppers need not. */
const recordNotes = new Set(['pending', 'paid'])

/**
 * Each status an order went through, when, and the note that came with it (a tracking
 * number, why it was cancelled, failed or refunded); a shopper's page leaves out the
 * record's own notes, which the back office shows.
 */
export function OrderHistory({ order, staff = false }: { order: Pick<Order, 'history'>; staff?: boolean }) {
  const noteOf = (h: { status: string; note: string | null }) => (staff || !recordNotes.has(h.status) ? h.note : null)
  return (
    <History
      entries={(order.history ?? []).map((h) => ({
        what: statusText[h.status] ?? h.status,
        at: h.at,
        note: noteOf(h),
      }))}
    />
  )
}
