/** @jsxImportSource hono/jsx */
import { money } from '../layout/parts.tsx'
import type { Order } from '../shop/schemas.ts'

/** An order's lines (product, quantity, total), each product linked where `href` says (the shop's page or the back office's). */
export function OrderLines({ order, href }: { order: Order; href: (productId: string) => string }) {
  return (
    <table class="lines">
      <caption class="visually-hidden">What was ordered</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col" class="num">
            Quantity
          </th>
          <th scope="col" class="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((line) => (
          <tr>
            <td>
              <a href={href(line.productId)}>{line.name}</a>
            </td>
            <td class="num">{String(line.quantity)}</td>
            <td class="num">{money(line.lineTotal, order.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Subtotal, the discount with its code, and the total. */
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
      <dt>Total</dt>
      <dd class="grand">{money(order.total, order.currency)}</dd>
    </dl>
  )
}
