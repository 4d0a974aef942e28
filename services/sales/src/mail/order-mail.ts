import { escapeHtml, formatMoney, htmlParagraphs, type OutgoingMail } from '@shopfront/kit'
import type { Order } from '../orders/orders.repo.ts'

const addressLines = (o: Order) => {
  const a = o.shippingAddress
  return [o.customerName, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean) as string[]
}

/** The order confirmation: every item with quantity, unit price and line total, the discount, the total and where it goes. */
export function confirmationMail(order: Order, shopUrl: string): OutgoingMail {
  const money = (n: number) => formatMoney({ amount: n, currency: order.currency })
  const items = order.lines.map((l) => ({ ...l, unit: money(l.unitPrice), line: money(l.lineTotal) }))
  const discount =
    order.discount > 0
      ? `Discount${order.promoCode ? ` (${order.promoCode})` : ''}: -${money(order.discount)}`
      : undefined
  const text = [
    `Hello ${order.customerName},`,
    '',
    `thank you for your order ${order.number}. We have received your payment.`,
    '',
    ...items.map((l) => `${l.quantity} x ${l.name} (${l.sku}) at ${l.unit} = ${l.line}`),
    '',
    `Subtotal: ${money(order.subtotal)}`,
    ...(discount ? [discount] : []),
    `Total: ${money(order.total)}`,
    '',
    'Shipping to:',
    ...addressLines(order),
    '',
    `Your order: ${shopUrl}/orders/${order.id}`,
  ].join('\n')
  const rows = items
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.name)} <small>${escapeHtml(l.sku)}</small></td><td align="right">${l.quantity}</td><td align="right">${l.unit}</td><td align="right">${l.line}</td></tr>`,
    )
    .join('')
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h1>Thank you for your order ${escapeHtml(order.number)}</h1>
<p>Hello ${escapeHtml(order.customerName)}, we have received your payment.</p>
<table cellpadding="6" style="border-collapse:collapse"><thead><tr><th align="left">Item</th><th>Qty</th><th>Unit price</th><th>Line total</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><td colspan="3" align="right">Subtotal</td><td align="right">${money(order.subtotal)}</td></tr>
${discount ? `<tr><td colspan="3" align="right">Discount${order.promoCode ? ` (${escapeHtml(order.promoCode)})` : ''}</td><td align="right">-${money(order.discount)}</td></tr>` : ''}
<tr><td colspan="3" align="right"><b>Total</b></td><td align="right"><b>${money(order.total)}</b></td></tr></tfoot></table>
<h2>Shipping to</h2><p>${addressLines(order).map(escapeHtml).join('<br>')}</p>
<p><a href="${escapeHtml(`${shopUrl}/orders/${order.id}`)}">View your order</a></p>
</body></html>`
  return {
    to: order.email,
    subject: `Your Shopfront order ${order.number}`,
    text,
    html,
    key: `order-confirmation:${order.id}`,
  }
}

const statusText = {
  shipped: (o: Order) => [
    `Your order ${o.number} is on its way.`,
    o.trackingNumber ? `Tracking number: ${o.trackingNumber}` : '',
  ],
  delivered: (o: Order) => [`Your order ${o.number} has been delivered. We hope you enjoy it.`],
  cancelled: (o: Order) => [
    `Your order ${o.number} has been cancelled.`,
    `${formatMoney({ amount: o.total, currency: o.currency })} has been refunded to your card${o.paymentCard ? ` ending in ${o.paymentCard.last4}` : ''}.`,
  ],
  refunded: (o: Order) => [
    `Your return of order ${o.number} has been accepted.`,
    `${formatMoney({ amount: o.total, currency: o.currency })} has been refunded to your card${o.paymentCard ? ` ending in ${o.paymentCard.last4}` : ''}.`,
  ],
} as const

/** An e-mail for an order that moved on: shipped (with tracking), delivered, cancelled or refunded. */
export function statusMail(order: Order, status: keyof typeof statusText): OutgoingMail {
  const lines = [`Hello ${order.customerName},`, '', ...statusText[status](order).filter(Boolean)]
  return {
    to: order.email,
    subject: `Your Shopfront order ${order.number} is ${status}`,
    text: lines.join('\n'),
    html: htmlParagraphs(lines.filter(Boolean)),
    key: `order-${status}:${order.id}`,
  }
}
