import { describe, expect, it } from 'vitest'
import { documentedAnswers } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { startSales } from '../testing.ts'

const sales = await startSales()
const { send, fake, token, paymentsFor, config } = sales
const admin = await token('admin-1', ['admin'])
const support = await token('service:support', ['service'])
const documented = await documentedAnswers(openApiDocument)
// delivery as a shop sets it in the config server, taken up without a restart: $4.99, free from $50 of goods
config.set({ ...config.current, checkout: { ...config.current.checkout, shipping: { fee: 499, freeFrom: 5000 } } })

async function shopper(lines: { unitPrice: number; quantity: number }[]) {
  const userId = `user-${crypto.randomUUID().slice(0, 8)}`
  const productIds = lines.map(({ unitPrice }) => fake.addProduct({ onHand: 10, unitPrice }))
  fake.customer(userId, Object.fromEntries(productIds.map((id, i) => [id, lines[i]?.quantity ?? 1])))
  return { auth: await token(userId), productIds }
}
const quote = (auth: string, promoCode?: string) =>
  send('POST', '/api/checkout/quote', { auth, body: promoCode ? { promoCode } : {} })
const checkout = (auth: string, promoCode?: string) =>
  send('POST', '/api/checkout', {
    auth,
    body: { payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' }, promoCode },
    headers: { 'idempotency-key': crypto.randomUUID() },
  })

describe('delivery charged at checkout (checkout.shipping)', () => {
  it('When anyone asks what delivery costs, then the shop’s terms come back, no sign-in needed', async () => {
    const terms = await send('GET', '/api/checkout/delivery')
    expect(terms.status).toBe(200)
    expect(terms.body).toEqual({ fee: 499, freeFrom: 5000, currency: 'USD' })
    expect(terms.headers.get('cache-control')).toBe('public, max-age=60')
    expect(documented('get', '/api/checkout/delivery', 200, terms.body)).toEqual([])
    // the quote and checkout still want a sign-in
    expect((await send('POST', '/api/checkout/quote', { body: {} })).status).toBe(401)
  })

  it('When the goods come to less than the free-delivery line, then the quote, the order, the payment and the confirmation add the fee; from the line up, delivery is free', async () => {
    const small = await shopper([{ unitPrice: 1500, quantity: 2 }])
    const quoted = await quote(small.auth)
    expect(quoted.body).toEqual({
      promoCode: null,
      subtotal: 3000,
      discount: 0,
      shipping: 499,
      freeShippingFrom: 5000,
      total: 3499,
      currency: 'USD',
    })
    expect(documented('post', '/api/checkout/quote', 200, quoted.body)).toEqual([])
    const placed = await checkout(small.auth)
    expect(placed.status).toBe(201)
    expect(placed.body).toMatchObject({ subtotal: 3000, discount: 0, shipping: 499, total: 3499 })
    expect(documented('post', '/api/checkout', 201, placed.body)).toEqual([])
    expect((await paymentsFor(placed.body.id)).map((p) => [p.status, p.amount])).toEqual([['captured', 3499]])
    const mail = (await sales.outbox()).find((m) => m.subject === `Your Shopfront order ${placed.body.number}`)
    expect(mail?.text_body).toContain('Subtotal: $30.00\nShipping: $4.99\nTotal: $34.99')
    expect(mail?.html_body).toContain('$4.99')

    // the day's report counts it among the takings, and says what of them was delivery
    const day = new Date().toISOString().slice(0, 10)
    const report = await send('GET', `/api/orders/report?from=${day}&to=${day}`, { auth: admin })
    expect(report.body.shipping).toBeGreaterThanOrEqual(499)
    expect(report.body.days[0].shipping).toBe(report.body.shipping)
    expect(documented('get', '/api/orders/report', 200, report.body)).toEqual([])

    const large = await shopper([{ unitPrice: 2500, quantity: 2 }])
    expect((await quote(large.auth)).body).toMatchObject({ subtotal: 5000, shipping: 0, total: 5000 })
    expect((await checkout(large.auth)).body).toMatchObject({ shipping: 0, total: 5000 })
  })

  it('When a promotion takes the goods below the line, then delivery is charged on what is left', async () => {
    const code = `SHIP${crypto.randomUUID().slice(0, 6)}`
    const body = { code, kind: 'percent', value: 10, subject: 'Ten off', body: 'Ten percent off.' }
    expect((await send('POST', '/api/promotions', { auth: admin, body })).status).toBe(201)
    const { auth } = await shopper([{ unitPrice: 2500, quantity: 2 }])
    expect((await quote(auth, code)).body).toMatchObject({ subtotal: 5000, discount: 500, shipping: 499, total: 4999 })
    expect((await checkout(auth, code)).body).toMatchObject({ discount: 500, shipping: 499, total: 4999 })
  })

  it('When a shopper uses a free-delivery code, then delivery is free whatever the goods come to; such a code takes no value, the others need one', async () => {
    const promotion = (body: Record<string, unknown>) =>
      send('POST', '/api/promotions', {
        auth: admin,
        body: { code: `FREE${crypto.randomUUID().slice(0, 6)}`, subject: 'On us', body: 'Delivery on us.', ...body },
      })
    const made = await promotion({ kind: 'shipping', minOrder: 1000 })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ kind: 'shipping', value: 0 })
    expect(documented('post', '/api/promotions', 201, made.body)).toEqual([])
    const { auth } = await shopper([{ unitPrice: 1500, quantity: 1 }])
    expect((await quote(auth, made.body.code)).body).toMatchObject({ discount: 0, shipping: 0, total: 1500 })
    const order = (await checkout(auth, made.body.code)).body
    expect(order).toMatchObject({ promoCode: made.body.code, discount: 0, shipping: 0, total: 1500 })
    const confirmation = (await sales.outbox()).find((m) => m.subject === `Your Shopfront order ${order.number}`)
    expect(confirmation?.text_body).toContain(`Shipping (${made.body.code}): Free`)
    const preview = await send('GET', `/api/promotions/${made.body.id}/preview`, { auth: admin })
    expect(preview.body.text).toContain(
      `Use the code ${made.body.code} at checkout for free delivery on orders of $10.00`,
    )

    const paths = async (body: Record<string, unknown>) =>
      (await promotion(body)).body.errors?.map((e: { path: string }) => e.path)
    expect(await paths({ kind: 'shipping', value: 5 })).toEqual(['value'])
    expect(await paths({ kind: 'percent' })).toEqual(['value'])
    expect(await paths({ kind: 'amount', value: 0 })).toEqual(['value'])
    // made free delivery, a percentage loses its value; made an amount again, it needs one
    const percent = (await promotion({ kind: 'percent', value: 10 })).body
    const patch = (body: unknown) => send('PATCH', `/api/promotions/${percent.id}`, { auth: admin, body })
    expect((await patch({ kind: 'shipping' })).body).toMatchObject({ kind: 'shipping', value: 0 })
    expect((await patch({ kind: 'amount' })).status).toBe(400)
    expect((await patch({ kind: 'amount', value: 500 })).body).toMatchObject({ kind: 'amount', value: 500 })
    // a change of other fields leaves the value to what is stored
    expect((await patch({ subject: 'Five off' })).body).toMatchObject({
      kind: 'amount',
      value: 500,
      subject: 'Five off',
    })
  })

  it('When some items come back, then they give back their share of the goods, not of delivery; the last ones give back the rest, delivery included; a cancellation gives back all', async () => {
    const { auth, productIds } = await shopper([
      { unitPrice: 1000, quantity: 1 },
      { unitPrice: 500, quantity: 2 },
    ])
    const [a = '', b = ''] = productIds
    const order = (await checkout(auth)).body
    expect(order).toMatchObject({ subtotal: 2000, shipping: 499, total: 2499 })
    for (const status of ['shipped', 'delivered'])
      await send('PATCH', `/api/orders/${order.id}/status`, { auth: admin, body: { status } })
    const refund = (key: string, items: { productId: string; quantity: number }[]) =>
      send('POST', `/internal/orders/${order.id}/refund`, { auth: support, body: { key, items } })
    expect((await refund('return-1', [{ productId: a, quantity: 1 }])).body).toMatchObject({ refunded: 1000 })
    const last = await refund('return-2', [{ productId: b, quantity: 2 }])
    expect(last.body).toMatchObject({ status: 'refunded', refunded: 2499 })
    expect((await paymentsFor(order.id))[0]).toMatchObject({ status: 'refunded', refundedAmount: 2499 })

    const again = await shopper([{ unitPrice: 700, quantity: 1 }])
    const cancelled = (await checkout(again.auth)).body
    expect(cancelled).toMatchObject({ shipping: 499, total: 1199 })
    expect((await send('POST', `/api/orders/${cancelled.id}/cancel`, { auth: again.auth })).body.status).toBe(
      'cancelled',
    )
    expect((await paymentsFor(cancelled.id))[0]).toMatchObject({ status: 'refunded', refundedAmount: 1199 })
  })
})
