import { describe, expect, it } from 'vitest'
import { orderStats } from '../contract.ts'
import { documentedAnswers } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { card, startSales } from '../testing.ts'

const sales = await startSales()
const { send, fake, token, paymentsFor } = sales
const admin = await token('admin-1', ['admin'])
const agent = await token('agent-1', ['support'])
const service = await token('service:support', ['service'])
const usersService = await token('service:users', ['service'])
const cartService = await token('service:cart', ['service'])
/** Checks an answer against the OpenAPI document's schema for it (a JSON Schema validator). */
const documented = await documentedAnswers(openApiDocument)

/** A paid order of 2 units at $7.00, its owner's token and the product. */
async function paidOrder() {
  const { productIds, ...placed } = await sales.paidOrder()
  return { ...placed, productId: productIds[0] ?? '' }
}
const mails = async (orderId: string) =>
  (await sales.outbox()).filter((m) => m.message_id.includes(orderId)).map((m) => m.subject as string)

describe('orders', () => {
  it('When an order is named by its number (SF-1001, as in the e-mails), then every route takes it; a parcel ships without tracking', async () => {
    const { order, auth } = await paidOrder()
    const byNumber = await send('GET', `/api/orders/${order.number.toLowerCase()}`, { auth })
    expect(byNumber.body.id).toBe(order.id)
    // the answers are what the OpenAPI document states
    expect(documented('get', '/api/orders/{id}', 200, byNumber.body)).toEqual([])
    expect(documented('get', '/api/orders', 200, (await send('GET', '/api/orders', { auth })).body)).toEqual([])
    expect((await send('GET', '/api/orders/SF-999999999', { auth })).status).toBe(404)
    expect((await send('GET', '/api/orders/SF-12x', { auth })).status).toBe(400)
    const shipped = await send('PATCH', `/api/orders/${order.number}/status`, {
      auth: admin,
      body: { status: 'shipped' },
    })
    expect(shipped.body).toMatchObject({ id: order.id, status: 'shipped', trackingNumber: null })
    const internal = await send('GET', `/internal/orders/${order.number}`, { auth: service })
    expect(internal.body).toMatchObject({ status: 'shipped' })
  })

  it('When staff narrow the list by customer e-mail, customer or day, then only those orders come; the figures add up the placed ones', async () => {
    const ann = await paidOrder()
    await paidOrder()
    const today = new Date().toISOString().slice(0, 10)
    const byEmail = await send('GET', `/api/orders?all=true&email=${ann.userId.toUpperCase()}`, { auth: agent })
    expect(byEmail.body.items.map((o: any) => o.id)).toEqual([ann.order.id])
    expect(byEmail.body.items[0].customer).toEqual({ name: expect.any(String), email: `${ann.userId}@example.com` })
    const byUser = await send('GET', `/api/orders?all=true&userId=${ann.userId}`, { auth: admin })
    expect(byUser.body.total).toBe(1)
    // a customer's own list ignores another's e-mail: still only theirs
    expect((await send('GET', '/api/orders?email=example.com', { auth: ann.auth })).body.total).toBe(1)
    expect(
      (await send('GET', `/api/orders?all=true&from=${today}&to=${today}`, { auth: admin })).body.total,
    ).toBeGreaterThanOrEqual(2)
    expect((await send('GET', '/api/orders?all=true&from=2001-01-01&to=2001-01-02', { auth: admin })).body.total).toBe(
      0,
    )
    expect((await send('GET', '/api/orders?all=true&from=yesterday', { auth: admin })).status).toBe(400)

    const before = (await send('GET', `/api/orders/stats?from=${today}&to=${today}`, { auth: agent })).body
    await paidOrder()
    const after = (await send('GET', `/api/orders/stats?from=${today}&to=${today}`, { auth: admin })).body
    expect(after.orders - before.orders).toBe(1)
    expect(after.revenue - before.revenue).toBe(1400)
    expect(after.byStatus.paid).toBeGreaterThanOrEqual(3)
    expect(orderStats.strict().safeParse(after).error).toBeUndefined()
    expect((await send('GET', '/api/orders/stats', { auth: ann.auth })).status).toBe(403)

    // a declined card leaves a failed order: the day's placed orders are the ones the figures count
    const declined = `user-${crypto.randomUUID().slice(0, 8)}`
    fake.customer(declined, { [fake.addProduct({ onHand: 10, unitPrice: 700 })]: 1 })
    const refused = await send('POST', '/api/checkout', {
      auth: await token(declined),
      body: { payment: card('4000000000000002') },
      headers: { 'idempotency-key': crypto.randomUUID() },
    })
    expect(refused.status).toBe(402)
    const day = `all=true&from=${today}&to=${today}&limit=100`
    const placed = (await send('GET', `/api/orders?${day}&placed=true`, { auth: admin })).body
    const final = (await send('GET', `/api/orders/stats?from=${today}&to=${today}`, { auth: admin })).body
    expect(placed.total).toBe(final.orders)
    expect(placed.items.map((o: any) => o.status)).not.toContain('failed')
    expect((await send('GET', `/api/orders?${day}&status=failed`, { auth: admin })).body.total).toBeGreaterThan(0)
  })

  it('When staff count days in the shop’s time zone, then an order placed at 10 PM in New York (2 AM UTC the next day) is that evening’s', async () => {
    const { order, userId } = await paidOrder()
    await sales.sql`update orders set created_at = '2001-06-01T02:00:00Z' where id = ${order.id}`
    const found = async (days: string) =>
      (await send('GET', `/api/orders?all=true&email=${userId}&${days}`, { auth: admin })).body.total
    expect(await found('from=2001-05-31&to=2001-05-31&tz=America/New_York')).toBe(1)
    expect(await found('from=2001-06-01&to=2001-06-01&tz=America/New_York')).toBe(0)
    expect(await found('from=2001-06-01&to=2001-06-01')).toBe(1)
    expect(await found('from=2001-06-01&to=2001-06-01&tz=Asia/Tokyo')).toBe(1)
    const stats = await send('GET', '/api/orders/stats?from=2001-05-31&to=2001-05-31&tz=America/New_York', {
      auth: admin,
    })
    expect(stats.body).toMatchObject({ orders: 1, revenue: 1400 })
    const unknown = await send('GET', '/api/orders/stats?from=2001-05-31&tz=Mars/Olympus_Mons', { auth: admin })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors.map((e: any) => e.path)).toEqual(['tz'])
  })

  it("When customers list and read orders, then they see only their own; support and admins see everyone's", async () => {
    const ann = await paidOrder()
    const bob = await paidOrder()
    const mine = await send('GET', '/api/orders', { auth: ann.auth })
    expect(mine.body).toMatchObject({ total: 1, page: 1, limit: 20 })
    expect(mine.body.items[0]).toMatchObject({ id: ann.order.id, items: [{ quantity: 2, lineTotal: 1400 }] })
    expect((await send('GET', `/api/orders/${bob.order.id}`, { auth: ann.auth })).status).toBe(404)
    expect((await send('GET', '/api/orders?all=true', { auth: ann.auth })).body.total).toBe(1)
    const seen = await send('GET', `/api/orders/${bob.order.id}`, { auth: agent })
    expect(seen.body.history.map((h: any) => h.status)).toEqual(['pending', 'paid'])
    expect(
      (await send('GET', '/api/orders?all=true&status=paid&limit=100', { auth: admin })).body.items.map(
        (o: any) => o.id,
      ),
    ).toEqual(expect.arrayContaining([ann.order.id, bob.order.id]))
    for (const path of [
      '/api/orders?status=lost',
      '/api/orders?limit=1000',
      '/api/orders/not-an-id',
      '/api/orders?page=0',
    ])
      expect((await send('GET', path, { auth: ann.auth })).status).toBe(400)
    expect((await send('GET', '/api/orders')).status).toBe(401)
  })

  it('When the owner cancels a paid order, then it is refunded, restocked, e-mailed and marked cancelled; a repeat changes nothing', async () => {
    const { order, productId, auth } = await paidOrder()
    const res = await send('POST', `/api/orders/${order.id}/cancel`, { auth })
    expect(res.body.status).toBe('cancelled')
    expect((await paymentsFor(order.id))[0]).toMatchObject({ status: 'refunded', refundedAmount: 1400 })
    expect(fake.stock(productId)).toEqual({ onHand: 10, reserved: 0 })
    expect((await send('POST', `/api/orders/${order.id}/cancel`, { auth })).body.status).toBe('cancelled')
    expect(fake.stock(productId).onHand).toBe(10)
    expect(await mails(order.id)).toEqual([
      `Your Shopfront order ${order.number}`,
      `Your Shopfront order ${order.number} is cancelled`,
    ])
    const cancelled = (await sales.outbox()).find(
      (m) => m.subject === `Your Shopfront order ${order.number} is cancelled`,
    )
    expect(cancelled?.text_body).toContain('$14.00 has been refunded to your Visa ending in 4242.')
  })

  it('When an admin ships and delivers, then tracking is kept and e-mailed; invalid moves and wrong callers are refused', async () => {
    const { order, auth } = await paidOrder()
    const move = (by: string, body: object) => send('PATCH', `/api/orders/${order.id}/status`, { auth: by, body })
    expect((await move(auth, { status: 'shipped', trackingNumber: 'TRK123' })).status).toBe(403)
    // the problem's status is the HTTP status (RFC 9457); the order's is its own member
    const invalid = await move(admin, { status: 'delivered' })
    expect(invalid.body).toMatchObject({ status: 409, orderStatus: 'paid' })
    expect(documented('patch', '/api/orders/{id}/status', 409, invalid.body)).toEqual([])
    // a tracking number is optional, but not a malformed one
    expect((await move(admin, { status: 'shipped', trackingNumber: 'x' })).status).toBe(400)
    expect((await move(admin, { status: 'cancelled' })).status).toBe(400)
    const shipped = await move(admin, { status: 'shipped', trackingNumber: 'TRK123' })
    expect(shipped.body).toMatchObject({ status: 'shipped', trackingNumber: 'TRK123' })
    const tooLate = await send('POST', `/api/orders/${order.id}/cancel`, { auth })
    expect(tooLate.status).toBe(409)
    expect(tooLate.body.detail).toMatch(/has shipped/)
    expect(documented('post', '/api/orders/{id}/cancel', 409, tooLate.body)).toEqual([])
    expect((await send('POST', `/api/orders/${order.id}/cancel`, { auth: agent })).status).toBe(403)
    expect((await move(admin, { status: 'delivered' })).body.status).toBe('delivered')
    expect((await send('POST', `/api/orders/${order.id}/cancel`, { auth: admin })).status).toBe(409)
    const subjects = await mails(order.id)
    expect(subjects).toContain(`Your Shopfront order ${order.number} is shipped`)
    expect(subjects).toContain(`Your Shopfront order ${order.number} is delivered`)
    const shippedMail = (await sales.outbox()).find(
      (m) => m.subject.endsWith('is shipped') && m.message_id.includes(order.id),
    )
    expect(shippedMail?.text_body).toContain('Tracking number: TRK123')
    // delivered, the e-mail asks for a review of each item, linking the shop's review form
    const deliveredMail = (await sales.outbox()).find(
      (m) => m.subject.endsWith('is delivered') && m.message_id.includes(order.id),
    )
    const reviewUrl = `http://shop.test/products/${order.items[0].productId}/review`
    expect(deliveredMail?.text_body).toContain(
      `What did you think? Tell other shoppers:\n${order.items[0].name}: ${reviewUrl}`,
    )
    expect(deliveredMail?.html_body).toContain(`<a href="${reviewUrl}"`)
    expect(shippedMail?.text_body).not.toContain('/review')
    // the shop's return window (shop.returnWindowDays), in the words and under every order e-mail with who sells
    expect(deliveredMail?.text_body).toContain('Not right? We offer free returns within 14 days')
    expect(shippedMail?.html_body).toContain('Shopfront Ltd, 1 Market St, Springfield · free returns within 14 days')
  })

  it('When an admin cancels a shipped order, then it is refunded and cancelled', async () => {
    const { order } = await paidOrder()
    await send('PATCH', `/api/orders/${order.id}/status`, {
      auth: admin,
      body: { status: 'shipped', trackingNumber: 'TRK9' },
    })
    expect((await send('POST', `/api/orders/${order.id}/cancel`, { auth: admin })).body.status).toBe('cancelled')
    expect((await paymentsFor(order.id))[0].status).toBe('refunded')
  })

  it('When the provider cannot refund, then the cancel is a retryable 503 and the order is unchanged; a retry completes it', async () => {
    const { order, auth } = await paidOrder()
    const url = sales.config.current.payments.url
    sales.config.set({
      ...sales.config.current,
      payments: { ...sales.config.current.payments, url: 'http://127.0.0.1:9' },
    })
    const res = await send('POST', `/api/orders/${order.id}/cancel`, { auth })
    sales.config.set({ ...sales.config.current, payments: { ...sales.config.current.payments, url } })
    expect(res.status).toBe(503)
    expect((await send('GET', `/api/orders/${order.id}`, { auth })).body.status).toBe('paid')
    expect((await send('POST', `/api/orders/${order.id}/cancel`, { auth })).body.status).toBe('cancelled')
  })
})

describe('internal order endpoints', () => {
  it("When users asks for a customer's orders and support for an order, then they get them with their own service token only", async () => {
    const { order, userId, auth } = await paidOrder()
    expect((await send('GET', `/internal/users/${userId}/orders`, { auth })).status).toBe(403)
    // another service's valid token is not enough: each internal endpoint names its callers
    expect((await send('GET', `/internal/users/${userId}/orders`, { auth: service })).status).toBe(403)
    expect((await send('GET', `/internal/orders/${order.id}`, { auth: usersService })).status).toBe(403)
    expect(
      (await send('POST', `/internal/orders/${order.id}/refund`, { auth: cartService, body: { reason: 'x' } })).status,
    ).toBe(403)
    const history = await send('GET', `/internal/users/${userId}/orders`, { auth: usersService })
    expect(history.body).toMatchObject({ total: 1, items: [{ id: order.id, status: 'paid' }] })
    expect((await send('GET', `/internal/orders/${order.id}`, { auth: service })).body).toEqual({
      id: order.id,
      number: order.number,
      userId,
      status: 'paid',
      total: 1400,
      currency: 'USD',
      deliveredAt: null,
      items: [{ productId: order.items[0].productId, name: expect.any(String), quantity: 2, returned: 0 }],
    })
    expect((await send('GET', `/internal/orders/${crypto.randomUUID()}`, { auth: service })).status).toBe(404)
  })

  it('When support refunds a delivered order, then it is refunded and restocked once; an undelivered one is a 409', async () => {
    const { order, productId } = await paidOrder()
    expect(
      (
        await send('POST', `/internal/orders/${order.id}/refund`, {
          auth: service,
          body: { reason: 'return approved' },
        })
      ).status,
    ).toBe(409)
    await send('PATCH', `/api/orders/${order.id}/status`, {
      auth: admin,
      body: { status: 'shipped', trackingNumber: 'TRK1' },
    })
    await send('PATCH', `/api/orders/${order.id}/status`, { auth: admin, body: { status: 'delivered' } })
    expect((await send('GET', `/internal/orders/${order.id}`, { auth: service })).body.deliveredAt).toEqual(
      expect.any(String),
    )
    const [first, second] = await Promise.all(
      [1, 2].map(() =>
        send('POST', `/internal/orders/${order.id}/refund`, { auth: service, body: { reason: 'return approved' } }),
      ),
    )
    expect([first.body.status, second.body.status]).toEqual(['refunded', 'refunded'])
    expect((await paymentsFor(order.id))[0]).toMatchObject({ status: 'refunded', refundedAmount: 1400 })
    expect(fake.stock(productId).onHand).toBe(10)
    expect(await mails(order.id)).toContain(`Your Shopfront order ${order.number} is refunded`)
  })
})

describe('bad input', () => {
  it('When orders or promotions are listed with NUL, a page past its range or a negative limit, then each is a 400', async () => {
    for (const query of ['status=%00', 'page=1e20', 'limit=-1'])
      expect((await send('GET', `/api/orders?${query}`, { auth: admin })).status, query).toBe(400)
    for (const query of ['page=1e20', 'limit=-1'])
      expect((await send('GET', `/api/promotions?${query}`, { auth: admin })).status, query).toBe(400)
    expect((await send('GET', '/api/orders/%00', { auth: admin })).status).toBe(400)
  })
})

describe('cancel and ship at once', () => {
  it('When a customer cancels while an admin ships, then each order is either cancelled and refunded with its stock back, or shipped with nothing given back, never both', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const { order, productId, auth } = await paidOrder()
        const [cancel, ship] = await Promise.all([
          send('POST', `/api/orders/${order.id}/cancel`, { auth }),
          send('PATCH', `/api/orders/${order.id}/status`, {
            auth: admin,
            body: { status: 'shipped', trackingNumber: 'TRK-RACE' },
          }),
        ])
        const final = (await send('GET', `/api/orders/${order.id}`, { auth: admin })).body
        const refunds = (await paymentsFor(order.id)).filter((p) => p.refundedAmount > 0)
        return {
          cancel: cancel.status,
          ship: ship.status,
          status: final.status,
          refunds: refunds.length,
          onHand: fake.stock(productId).onHand,
        }
      }),
    )
    for (const o of outcomes) {
      if (o.status === 'cancelled')
        expect(o, JSON.stringify(o)).toMatchObject({ cancel: 200, ship: 409, refunds: 1, onHand: 10 })
      else
        expect(o, JSON.stringify(o)).toMatchObject({ status: 'shipped', cancel: 409, ship: 200, refunds: 0, onHand: 8 })
    }
  })
})
