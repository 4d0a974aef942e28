/** @jsxImportSource hono/jsx */
import { addressLines, freeReturns, sellerLine } from '@shopfront/kit'
import { counted, dateTime, money } from '../layout/parts.tsx'
import { Table } from '../layout/table.tsx'
import type { ShopTerms } from '../settings.ts'
import type { Order } from '../shop/schemas.ts'
import { OrderTotals, paymentText } from './order-parts.tsx'

/** Who an order goes to: the customer's name, then the address (none for an order that never had one). */
const shipTo = (order: Order) => [
  order.customer.name,
  ...(order.shippingAddress ? addressLines(order.shippingAddress) : []),
]

function DocumentHead({ title, order }: { title: string; order: Order }) {
  return (
    <header class="document-head">
      <div>
        <p class="brand">Shopfront</p>
        <h1>{title}</h1>
        <p>{`Order ${order.number} · placed ${dateTime(order.createdAt)}`}</p>
      </div>
      <address>
        <strong>Ship to</strong>
        {shipTo(order).map((line) => (
          <>
            <br />
            {line}
          </>
        ))}
      </address>
    </header>
  )
}

/** A shopper's receipt for an order: every item at its price, what came back, the totals, how it was paid, who sold it to whom. */
export function Receipt({ order, seller }: { order: Order; seller: ShopTerms['seller'] }) {
  const soldBy = [sellerLine(seller), seller.taxId && `tax number ${seller.taxId}`].filter(Boolean)
  const paid = paymentText(order)
  return (
    <article>
      <DocumentHead title="Receipt" order={order} />
      <Table
        caption="Items"
        rows={order.items}
        columns={[
          { head: 'Item number', cell: (line) => line.sku },
          { head: 'Product', cell: (line) => line.name },
          { head: 'Unit price', num: true, cell: (line) => money(line.unitPrice, order.currency) },
          {
            head: 'Quantity',
            num: true,
            cell: (line) =>
              line.returned > 0 ? `${line.quantity} (${line.returned} returned)` : String(line.quantity),
          },
          { head: 'Total', num: true, cell: (line) => money(line.lineTotal, order.currency) },
        ]}
      />
      <OrderTotals order={order} />
      {paid && <p class="right">{`${paid}.`}</p>}
      <p class="muted">
        {`Sold by ${soldBy.join(', ')}.`}
        <br />
        {`Sold to ${order.customer.name} (${order.customer.email}).`}
      </p>
    </article>
  )
}

/** What the warehouse packs for an order: each item by its number, how many, and a box to tick; no prices. */
export function PackingSlip({ order, returnWindowDays }: { order: Order; returnWindowDays: number }) {
  const units = order.items.reduce((n, line) => n + line.quantity, 0)
  return (
    <article>
      <DocumentHead title="Packing slip" order={order} />
      <p>
        <strong>{`${counted(units, 'item')} to pack`}</strong>
      </p>
      <Table
        caption="Items to pack"
        rows={order.items}
        columns={[
          { head: 'Packed', cell: () => <span class="tick" aria-hidden="true" /> },
          { head: 'Item number', cell: (line) => line.sku },
          { head: 'Product', cell: (line) => line.name },
          { head: 'Quantity', num: true, cell: (line) => String(line.quantity) },
        ]}
      />
      {order.trackingNumber && <p>{`Tracking number: ${order.trackingNumber}`}</p>}
      <p class="muted">
        {`Thank you for shopping with Shopfront. We offer ${freeReturns(returnWindowDays)} of delivery: start one from your order's page.`}
      </p>
    </article>
  )
}
