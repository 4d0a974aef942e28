import { AppError } from '@shopfront/kit'
import type { Cart, Order, Product } from './schemas.ts'
import type { Shop } from './shop.ts'

type SalesPart = Pick<Shop, 'quote' | 'delivery' | 'checkout' | 'orders' | 'order' | 'cancelOrder'>

/** The fake shop's delivery, as sales' `checkout.shipping` would set it: $4.99, free from $50 of goods. */
export const fakeDelivery = { fee: 499, freeFrom: 5000 }
const shippingFor = (goods: number) => (goods >= fakeDelivery.freeFrom ? 0 : fakeDelivery.fee)

/**
 * Sales as the web app's tests see it: Ann's checkout of her cart (the card 4000 0000 0000
 * 0002 declined, SAVE10 a promotion code and SHIPFREE a free-delivery one, a line no longer
 * sold or short refused as sales refuses it, delivery $4.99 below $50 of goods), her
 * orders, and `orderIn(status)` for an order a test needs in a given state.
 */
export function fakeSales({
  check,
  calls,
  catalog,
  carts,
  orders,
  ann,
  view,
}: {
  check: (service: 'sales') => void
  calls: { checkoutKeys: string[] }
  catalog: Product[]
  carts: Map<string, Map<string, number>>
  orders: Order[]
  ann: { id: string; email: string; name: string }
  view: (key: string) => Cart
}) {
  const sales: SalesPart = {
    async delivery() {
      check('sales')
      return { ...fakeDelivery, currency: 'USD' }
    },
    async quote(_token, promoCode) {
      check('sales')
      const { subtotal, currency } = view(ann.id)
      if (promoCode !== undefined && promoCode !== 'SAVE10' && promoCode !== 'SHIPFREE')
        throw new AppError('unprocessable', `The promotion code ${promoCode} does not exist.`, {
          errors: [{ path: 'promoCode', message: 'unknown' }],
        })
      const discount = promoCode === 'SAVE10' ? Math.round(subtotal / 10) : 0
      const shipping = promoCode === 'SHIPFREE' ? 0 : shippingFor(subtotal - discount)
      const freeShippingFrom = fakeDelivery.freeFrom
      return {
        promoCode: promoCode ?? null,
        subtotal,
        discount,
        shipping,
        freeShippingFrom,
        total: subtotal - discount + shipping,
        currency,
      }
    },
    async checkout(_token, key, body) {
      check('sales')
      calls.checkoutKeys.push(key)
      if (body.payment.cardNumber === '4000000000000002')
        throw new AppError('payment_required', 'The card was declined.', { reason: 'card_declined' })
      const cart = view(ann.id)
      // as sales answers a line no longer sold, and one products cannot reserve (which, and its counts)
      const gone = cart.items.find((line) => !catalog.find((p) => p.id === line.productId)?.active)
      if (gone)
        throw new AppError('conflict', `${gone.name} is no longer sold; remove it from your cart.`, {
          reason: 'no_longer_sold',
          productId: gone.productId,
        })
      const short = cart.items.find((line) => line.quantity > line.available)
      if (short)
        throw new AppError(
          'conflict',
          `Not enough ${short.name}: ${short.quantity} wanted, ${short.available} available.`,
          {
            reason: 'out_of_stock',
            orderId: crypto.randomUUID(),
            productId: short.productId,
            requested: short.quantity,
            available: short.available,
            held: 0,
          },
        )
      const at = new Date().toISOString()
      const order: Order = {
        id: crypto.randomUUID(),
        number: `SF-${1000 + orders.length + 1}`,
        userId: ann.id,
        customer: { name: ann.name, email: ann.email },
        status: 'paid',
        items: cart.items.map(({ productId, name, unitPrice, quantity, lineTotal }) => ({
          productId,
          sku: `SKU-${productId.slice(0, 6)}`,
          name,
          unitPrice,
          quantity,
          lineTotal,
          returned: 0,
        })),
        currency: 'USD',
        subtotal: cart.subtotal,
        discount: 0,
        shipping: shippingFor(cart.subtotal),
        total: cart.subtotal + shippingFor(cart.subtotal),
        refunded: 0,
        pendingStatus: null,
        promoCode: null,
        shippingAddress: body.shippingAddress ?? {
          line1: '1 Main St',
          city: 'Springfield',
          postalCode: '12345',
          country: 'US',
        },
        payment: { reference: 'pay_1', brand: 'visa', last4: body.payment.cardNumber.slice(-4) },
        trackingNumber: null,
        failure: null,
        history: [{ status: 'paid', note: null, at }],
        createdAt: at,
        updatedAt: at,
      }
      orders.push(order)
      carts.delete(ann.id)
      return order
    },
    async orders() {
      check('sales')
      return { items: orders, total: orders.length, page: 1, limit: 20 }
    },
    async order(_token, id) {
      check('sales')
      // sales takes an order's number (SF-1001) as it takes its id
      const order = orders.find((o) => o.id === id || o.number === id.toUpperCase())
      if (!order) throw new AppError('not_found', 'No such order.')
      return order
    },
    async cancelOrder(_token, id) {
      const order = orders.find((o) => o.id === id)
      if (!order) throw new AppError('not_found', 'No such order.')
      order.status = 'cancelled'
      return order
    },
  }
  /** An order of Ann's in the given state (two of a product, the catalog's first unless said, shipping to Springfield), as sales would answer it. */
  const orderIn = (status: Order['status'], first = catalog[0]): Order => {
    const at = new Date().toISOString()
    const order: Order = {
      id: crypto.randomUUID(),
      number: `SF-${2000 + orders.length}`,
      userId: ann.id,
      customer: { name: ann.name, email: ann.email },
      status,
      items: [
        {
          productId: first.id,
          sku: first.sku,
          name: first.name,
          unitPrice: 1000,
          quantity: 2,
          lineTotal: 2000,
          returned: 0,
        },
      ],
      currency: 'USD',
      subtotal: 2000,
      discount: 0,
      shipping: shippingFor(2000),
      total: 2000 + shippingFor(2000),
      refunded: 0,
      pendingStatus: null,
      promoCode: null,
      shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      payment: status === 'failed' ? null : { reference: 'pay_test', brand: 'visa', last4: '4242' },
      trackingNumber: null,
      // a failed one, as sales keeps a checkout products could not reserve
      failure:
        status === 'failed'
          ? {
              reason: 'out_of_stock',
              detail: `Not enough ${first.name} (${first.sku}): 2 wanted, 1 available.`,
              productId: first.id,
              requested: 2,
              available: 1,
              held: 0,
            }
          : null,
      history: [{ status, note: null, at }],
      createdAt: at,
      updatedAt: at,
    }
    orders.push(order)
    return order
  }
  return { sales, orderIn }
}
