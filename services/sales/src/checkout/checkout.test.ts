import { describe, expect, it } from 'vitest'
import { documentedAnswers, present } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { card, startSales } from '../testing.ts'

const sales = await startSales()
const documented = await documentedAnswers(openApiDocument)
const { send, fake, token, paymentsFor, sql } = sales

/** A customer with a cart of `quantity` of a product with `stock` units at $12.50. */
async function shopper(stock = 10, quantity = 2, unitPrice = 1250) {
  const userId = `user-${crypto.randomUUID().slice(0, 8)}`
  const productId = fake.addProduct({ onHand: stock, unitPrice, name: 'Desk Lamp' })
  fake.customer(userId, { [productId]: quantity })
  return { userId, productId, auth: await token(userId) }
}
const checkout = (auth: string, body: Record<string, unknown>, key: string = crypto.randomUUID()) =>
  send('POST', '/api/checkout', { auth, body, headers: { 'idempotency-key': key } })
const mailsTo = async (userId: string) => (await sales.outbox()).filter((m) => m.to_address === `${userId}@example.com`)

describe('checkout', () => {
  it('When a customer checks out with 4242, then the order is paid at catalog prices, stock is taken, the cart is empty and one confirmation is queued', async () => {
    const { userId, productId, auth } = await shopper(10, 2)
    const res = await checkout(auth, { payment: card() })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/api/orders/${res.body.id}`)
    expect(res.body).toMatchObject({
      status: 'paid',
      subtotal: 2500,
      discount: 0,
      total: 2500,
      currency: 'USD',
      payment: { brand: 'visa', last4: '4242' },
    })
    expect(res.body.items).toEqual([
      {
        productId,
        sku: expect.any(String),
        name: 'Desk Lamp',
        unitPrice: 1250,
        quantity: 2,
        lineTotal: 2500,
        returned: 0,
      },
    ])
    expect(res.body.number).toMatch(/^SF-\d+$/)
    expect(fake.stock(productId)).toEqual({ onHand: 8, reserved: 0 })
    expect(fake.carts.has(userId)).toBe(false)
    const payments = await paymentsFor(res.body.id)
    expect(payments.map((p) => [p.status, p.amount])).toEqual([['captured', 2500]])
    const mails = await mailsTo(userId)
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe(`Your Shopfront order ${res.body.number}`)
    expect(mails[0].text_body).toContain('2 x Desk Lamp')
    expect(mails[0].text_body).toContain('at $12.50 = $25.00')
    expect(mails[0].text_body).toContain('Total: $25.00\nPaid with Visa ending in 4242')
    // where it goes, as a parcel is addressed there (the town before the postal code in the US)
    expect(mails[0].text_body).toContain('1 Main St\nSpringfield 12345\nUnited States')
    // the HTML: the shop's layout, each line with its picture, the total, and a button to the order page
    const html = mails[0].html_body
    expect(html).toMatch(/<img src="http:\/\/shop\.test\/images\/products\/SKU-[\w-]+\.png"/)
    expect(html).toContain('<strong>Desk Lamp</strong>')
    expect(html).toMatch(/font-weight:700;font-size:18px">\$25\.00<\/td>/)
    expect(html).toContain(`href="http://shop.test/orders/${res.body.id}"`)
    expect(html).toContain('View your order')
  })

  it('When the same request is repeated with its Idempotency-Key, then the same order comes back and the card is charged once; concurrent repeats wait for the first', async () => {
    const { productId, auth } = await shopper(10, 1)
    const key = crypto.randomUUID()
    const answers = await Promise.all(Array.from({ length: 8 }, () => checkout(auth, { payment: card() }, key)))
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201))
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1)
    expect(await paymentsFor(answers[0].body.id)).toHaveLength(1)
    expect(fake.stock(productId).onHand).toBe(9)
    const again = await checkout(auth, { payment: card() }, key)
    expect(again.body.id).toBe(answers[0].body.id)
    const other = await checkout(auth, { payment: card(), promoCode: 'OTHER' }, key)
    expect(other.status).toBe(422)
    expect(other.body.detail).toMatch(/already used for a different checkout/)
  })

  it('When a card is declined or lacks funds, then 402 with the reason; stock, cart and payments are as they were; the order is failed', async () => {
    for (const [number, reason] of [
      ['4000000000000002', 'card_declined'],
      ['4000000000009995', 'insufficient_funds'],
    ] as const) {
      const { userId, productId, auth } = await shopper(5, 2)
      const res = await checkout(auth, { payment: card(number) })
      expect(res.status).toBe(402)
      expect(documented('post', '/api/checkout', 402, res.body)).toEqual([])
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.body).toMatchObject({ reason, retryable: false, orderId: expect.any(String) })
      expect(fake.stock(productId)).toEqual({ onHand: 5, reserved: 0 })
      expect(fake.carts.get(userId)?.get(productId)).toBe(2)
      expect(await paymentsFor(res.body.orderId)).toEqual([])
      const order = await send('GET', `/api/orders/${res.body.orderId}`, { auth })
      expect(order.body).toMatchObject({ status: 'failed', failure: { reason } })
      expect(order.body.history.map((h: any) => h.status)).toEqual(['pending', 'failed'])
      expect(await mailsTo(userId)).toEqual([])
    }
  })

  it('When the provider fails with a 500, then 503 "payment provider unavailable", retryable, nothing charged and the stock released', async () => {
    const { productId, auth } = await shopper(5, 1)
    const res = await checkout(auth, { payment: card('4000000000000119') })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(res.body).toMatchObject({ reason: 'payment_unavailable', retryable: true })
    expect(fake.stock(productId)).toEqual({ onHand: 5, reserved: 0 })
  })

  it('When a line is out of stock, then 409 naming it with products’ counts, as documented, and nothing is charged', async () => {
    const { productId, auth } = await shopper(1, 3)
    const key = crypto.randomUUID()
    const res = await checkout(auth, { payment: card() }, key)
    expect(res.status).toBe(409)
    const refused = { reason: 'out_of_stock', productId, requested: 3, available: 1, held: 0 }
    expect(res.body).toMatchObject({ ...refused, detail: expect.stringContaining('Not enough Desk Lamp') })
    expect(documented('post', '/api/checkout', 409, res.body)).toEqual([])
    expect(await paymentsFor(res.body.orderId)).toEqual([])
    expect(fake.stock(productId)).toEqual({ onHand: 1, reserved: 0 })
    // the order keeps them: its page, and the same key again, say the same
    const order = await send('GET', `/api/orders/${res.body.orderId}`, { auth })
    const { reason: _, ...facts } = refused
    expect(order.body.failure).toEqual({ reason: 'out_of_stock', detail: res.body.detail, ...facts })
    expect(documented('get', '/api/orders/{id}', 200, order.body)).toEqual([])
    expect((await checkout(auth, { payment: card() }, key)).body).toMatchObject(refused)
  })

  it('When the request is wrong, then a clear 4xx and nothing is created', async () => {
    const { userId, auth } = await shopper(5, 1)
    expect((await send('POST', '/api/checkout', { auth, body: { payment: card() } })).status).toBe(400)
    expect(
      (
        await send('POST', '/api/checkout', {
          auth,
          body: { payment: card() },
          headers: { 'idempotency-key': 'short' },
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await send('POST', '/api/checkout', {
          body: { payment: card() },
          headers: { 'idempotency-key': crypto.randomUUID() },
        })
      ).status,
    ).toBe(401)
    for (const body of [
      {},
      { payment: { ...card(), cardNumber: 'abcd' } },
      { payment: { ...card(), expMonth: 13 } },
      { payment: card(), total: 1 },
      { payment: card(), shippingAddress: { line1: 'x' } },
      { payment: card(), promoCode: 'no spaces allowed' },
    ]) {
      const res = await checkout(auth, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.errors.length).toBeGreaterThan(0)
    }
    expect(
      (
        await send('POST', '/api/checkout', {
          auth,
          body: '{"payment":',
          headers: { 'idempotency-key': crypto.randomUUID() },
        })
      ).status,
    ).toBe(400)
    present(fake.contacts.get(userId), 'the shopper').shippingAddress = null
    const noAddress = await checkout(auth, { payment: card() })
    expect(noAddress).toMatchObject({ status: 422, body: { errors: [{ path: 'shippingAddress' }] } })
    expect((await checkout(auth, { payment: card(), promoCode: 'NOPE' })).status).toBe(422)
    fake.carts.set(userId, new Map())
    expect(
      (
        await checkout(auth, {
          payment: card(),
          shippingAddress: { line1: '2 Elm', city: 'X', postalCode: '1', country: 'US' },
        })
      ).body.detail,
    ).toBe('Your cart is empty.')
    expect((await sql`select count(*)::int as n from orders where user_id = ${userId}`)[0].n).toBe(0)
  })

  it('When the order would total more than the shop takes, then 422 before anything is done', async () => {
    const { userId, auth } = await shopper(100, 20, 99_000_000)
    const res = await checkout(auth, { payment: card() })
    expect(res.status).toBe(422)
    expect(res.body.detail).toMatch(/at most \$1,000,000\.00/)
    expect((await sql`select count(*)::int as n from orders where user_id = ${userId}`)[0].n).toBe(0)
  })

  it('When a product in the cart is no longer sold, then 409 before anything is reserved or charged', async () => {
    const { productId, auth } = await shopper(5, 1)
    present(fake.products.get(productId), 'the product').active = false
    const res = await checkout(auth, { payment: card() })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({
      reason: 'no_longer_sold',
      productId,
      detail: expect.stringMatching(/no longer sold/),
    })
    expect(documented('post', '/api/checkout', 409, res.body)).toEqual([])
  })

  it('When a neighbour is down, then 503 before anything is written', async () => {
    const { userId, auth } = await shopper(5, 1)
    await fake.whileDown('cart', async () => expect((await checkout(auth, { payment: card() })).status).toBe(503))
    expect((await sql`select count(*)::int as n from orders where user_id = ${userId}`)[0].n).toBe(0)
  })
})
