import {
  addressLines,
  cardText,
  formatMoney,
  freeReturns,
  mailBlocks as b,
  mailLayout,
  type MailShop,
  type OutgoingMail,
  sellerLine,
} from '@shopfront/kit'
import { mailPictureOf } from '@shopfront/products/contract'
import { shippingLabel } from '../contract.ts'
import type { Order } from '../orders/orders.repo.ts'

const shipTo = (o: Order) => [o.customerName, ...addressLines(o.shippingAddress)]
const orderUrl = (o: Order, shop: MailShop) => `${shop.publicUrl}/orders/${o.id}`
/** Under every order e-mail: who sells, and the return window. */
const footerOf = (shop: MailShop) => `${sellerLine(shop.seller)} · ${freeReturns(shop.returnWindowDays)}`

/** The order confirmation: every item with quantity, unit price and line total, the discount, delivery, the total and where it goes. */
export function confirmationMail(order: Order, shop: MailShop): OutgoingMail {
  const money = (n: number) => formatMoney({ amount: n, currency: order.currency })
  const discountLabel = `Discount${order.promoCode ? ` (${order.promoCode})` : ''}`
  const shipping = order.shipping > 0 ? money(order.shipping) : 'Free'
  const delivery = shippingLabel(order)
  const text = [
    `Hello ${order.customerName},`,
    '',
    `thank you for your order ${order.number}. We have received your payment.`,
    '',
    ...order.lines.map((l) => `${l.quantity} x ${l.name} (${l.sku}) at ${money(l.unitPrice)} = ${money(l.lineTotal)}`),
    '',
    `Subtotal: ${money(order.subtotal)}`,
    ...(order.discount > 0 ? [`${discountLabel}: -${money(order.discount)}`] : []),
    `${delivery}: ${shipping}`,
    `Total: ${money(order.total)}`,
    ...(order.paymentCard ? [`Paid with ${cardText(order.paymentCard)}`] : []),
    '',
    'Shipping to:',
    ...shipTo(order),
    '',
    `Your order: ${orderUrl(order, shop)}`,
  ].join('\n')
  const html = mailLayout({
    shopUrl: shop.publicUrl,
    footer: footerOf(shop),
    title: `Your Shopfront order ${order.number}`,
    preheader: `Order ${order.number}: ${money(order.total)}, paid. We are preparing it.`,
    blocks: [
      b.heading(`Thank you for your order ${order.number}`),
      b.paragraph(`Hello ${order.customerName}, we have received your payment and are preparing your order.`),
      b.lines(
        order.lines.map((l) => ({
          image: mailPictureOf(l.sku, shop.publicUrl),
          name: l.name,
          detail: `${l.sku} · ${money(l.unitPrice)} each`,
          quantity: l.quantity,
          amount: money(l.lineTotal),
        })),
      ),
      b.totals([
        { label: 'Subtotal', amount: money(order.subtotal) },
        ...(order.discount > 0 ? [{ label: discountLabel, amount: `−${money(order.discount)}` }] : []),
        { label: delivery, amount: shipping },
        { label: 'Total', amount: money(order.total), strong: true },
      ]),
      ...(order.paymentCard ? [b.muted(`Paid with ${cardText(order.paymentCard)}.`)] : []),
      b.subheading('Shipping to'),
      b.address(shipTo(order)),
      b.button('View your order', orderUrl(order, shop)),
      b.muted('Changed your mind? You can cancel from the order page until it ships.'),
    ],
  })
  return {
    to: order.email,
    subject: `Your Shopfront order ${order.number}`,
    text,
    html,
    key: `order-confirmation:${order.id}`,
  }
}

const refundedText = (o: Order, amount: number) =>
  `${formatMoney({ amount, currency: o.currency })} has been refunded to your ${o.paymentCard ? cardText(o.paymentCard) : 'card'}.`

/** What a move said needs besides the order: what went back to the card, and the shop's terms. */
type Said = { givenBack: number; shop: MailShop }

const statusText = {
  shipped: (o: Order) => ({
    heading: 'Your order is on its way',
    lines: [`Your order ${o.number} is on its way.`, o.trackingNumber ? `Tracking number: ${o.trackingNumber}` : ''],
  }),
  delivered: (o: Order, { shop }: Said) => ({
    heading: 'Your order has arrived',
    lines: [
      `Your order ${o.number} has been delivered. We hope you enjoy it.`,
      `Not right? We offer ${freeReturns(shop.returnWindowDays)}: ask for one from the order page.`,
    ],
  }),
  cancelled: (o: Order, { givenBack }: Said) => ({
    heading: 'Your order is cancelled',
    lines: [`Your order ${o.number} has been cancelled.`, refundedText(o, givenBack)],
  }),
  refunded: (o: Order, { givenBack }: Said) => ({
    heading: 'Your return is accepted',
    lines: [`Your return of order ${o.number} has been accepted.`, refundedText(o, givenBack)],
  }),
} as const

/** Under "delivered": each item with where to review it (the shop's review form, for the signed-in shopper it was delivered to). */
function reviewInvitation(o: Order, shop: MailShop) {
  const reviewUrl = (productId: string) => `${shop.publicUrl}/products/${productId}/review`
  return {
    text: [
      '',
      'What did you think? Tell other shoppers:',
      ...o.lines.map((l) => `${l.name}: ${reviewUrl(l.productId)}`),
    ],
    blocks: [
      b.subheading('What did you think?'),
      b.lines(
        o.lines.map((l) => ({
          image: mailPictureOf(l.sku, shop.publicUrl),
          name: l.name,
          href: reviewUrl(l.productId),
          detail: 'Review it: a few stars and words help other shoppers',
        })),
      ),
    ],
  }
}

/** An e-mail for an order that moved on: shipped (with tracking), delivered (with where to review each item), cancelled or refunded (`givenBack` to the card). */
export function statusMail(
  order: Order,
  status: keyof typeof statusText,
  shop: MailShop,
  givenBack = order.total,
): OutgoingMail {
  const { heading, lines } = statusText[status](order, { givenBack, shop })
  const said = lines.filter(Boolean)
  const review = status === 'delivered' ? reviewInvitation(order, shop) : { text: [], blocks: [] }
  return {
    to: order.email,
    subject: `Your Shopfront order ${order.number} is ${status}`,
    text: [
      `Hello ${order.customerName},`,
      '',
      ...said,
      ...review.text,
      '',
      `Your order: ${orderUrl(order, shop)}`,
    ].join('\n'),
    html: mailLayout({
      shopUrl: shop.publicUrl,
      footer: footerOf(shop),
      title: `Order ${order.number}: ${heading}`,
      preheader: said[0],
      blocks: [
        b.heading(heading),
        b.paragraph(`Hello ${order.customerName},`),
        ...said.map(b.paragraph),
        ...review.blocks,
        b.button('View your order', orderUrl(order, shop)),
      ],
    }),
    key: `order-${status}:${order.id}`,
  }
}

/** The e-mail for a return of some items of an order: which, and what went back to the card. */
export function partialRefundMail(
  order: Order,
  refund: { key: string; amount: number; lines: { productId: string; quantity: number }[] },
  shop: MailShop,
): OutgoingMail {
  const items = refund.lines.map((r) => {
    const line = order.lines.find((l) => l.productId === r.productId)
    return `${r.quantity} x ${line?.name ?? r.productId}`
  })
  const said = [
    `Your return of ${items.join(', ')} from order ${order.number} has been accepted.`,
    refund.amount > 0 ? refundedText(order, refund.amount) : '',
  ].filter(Boolean)
  return {
    to: order.email,
    subject: `Your Shopfront order ${order.number}: return accepted`,
    text: [`Hello ${order.customerName},`, '', ...said, '', `Your order: ${orderUrl(order, shop)}`].join('\n'),
    html: mailLayout({
      shopUrl: shop.publicUrl,
      footer: footerOf(shop),
      title: `Order ${order.number}: return accepted`,
      preheader: said[0],
      blocks: [
        b.heading('Your return is accepted'),
        b.paragraph(`Hello ${order.customerName},`),
        ...said.map(b.paragraph),
        b.button('View your order', orderUrl(order, shop)),
      ],
    }),
    key: `order-partial-refund:${order.id}:${refund.key}`,
  }
}
