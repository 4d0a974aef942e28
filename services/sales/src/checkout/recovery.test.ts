import { describe, expect, it } from 'vitest'
import { present, readMetric, until } from '@shopfront/kit/testing'
import { card, startSales } from '../testing.ts'

const sales = await startSales({ slowMs: 1200 })
const { send, fake, token, paymentsFor, sql, recovery, breakers } = sales

async function shopper(stock = 10, quantity = 1) {
  const userId = `user-${crypto.randomUUID().slice(0, 8)}`
  const productId = fake.addProduct({ onHand: stock, unitPrice: 999 })
  fake.customer(userId, { [productId]: quantity })
  return { userId, productId, auth: await token(userId) }
}
const checkout = (auth: string, number?: string) =>
  send('POST', '/api/checkout', {
    auth,
    body: { payment: card(number) },
    headers: { 'idempotency-key': crypto.randomUUID() },
  })
/** Makes the order's lease run out, as if the instance running its checkout had died. */
const expireLease = (orderId: string) =>
  sql`update orders set lease_until = now() - interval '1 second' where id = ${orderId}`

describe('the slow card and the breaker', () => {
  it('When the provider is slower than the timeout, then the client hears "unavailable" within the timeout, and the late authorization is voided afterwards', async () => {
    const { productId, auth } = await shopper(5, 1)
    const res = await checkout(auth, '4000000000006975')
    expect(res).toMatchObject({ status: 503, body: { reason: 'payment_unavailable' } })
    // answered while the provider was still working on it, not when it finished
    expect((await paymentsFor(res.body.orderId))[0]?.status).toBe('processing')
    expect(fake.stock(productId)).toEqual({ onHand: 5, reserved: 0 })
    // the provider finishes the authorization after the caller gave up: recovery voids it
    await until(async () => (await paymentsFor(res.body.orderId))[0]?.status === 'authorized', {
      timeoutMs: 3000,
      what: 'the late authorization',
    })
    await expireLease(res.body.orderId)
    await until(
      async () => {
        await recovery.runOnce()
        return (await paymentsFor(res.body.orderId))[0]?.status === 'voided'
      },
      { timeoutMs: 5000, what: 'the void' },
    )
    const [order] = await sql`select compensation_pending from orders where id = ${res.body.orderId}`
    expect(order.compensation_pending).toBe(false)
  })

  it('When the provider keeps failing, then the breaker opens and the next checkout is told at once, without a call; it closes again once the provider recovers', async () => {
    for (let i = 0; i < 3; i++) expect((await checkout((await shopper()).auth, '4000000000000119')).status).toBe(503)
    expect(breakers.states().payments).toBe('open')
    const { productId, auth } = await shopper(5, 1)
    const res = await checkout(auth)
    expect(res).toMatchObject({ status: 503, body: { reason: 'payment_unavailable' } })
    // the open breaker answered: the provider never heard of this order
    expect(res.body.orderId).toEqual(expect.any(String))
    expect(await paymentsFor(res.body.orderId)).toEqual([])
    expect(fake.stock(productId).reserved).toBe(0)
    // once the breaker lets a trial call through and it succeeds, checkouts go through again
    await until(async () => (await checkout((await shopper()).auth)).status === 201, {
      timeoutMs: 10_000,
      stepMs: 200,
      what: 'a checkout after the breaker closed',
    })
    expect(breakers.states().payments).toBe('closed')
  })
})

describe('recovery of interrupted checkouts', () => {
  /** A checkout stopped after `step`, as a crash would leave it. */
  async function interruptedAfter(step: 'reserved' | 'captured' | 'committed') {
    const { userId, productId, auth } = await shopper(5, 2)
    const res = await checkout(auth)
    const orderId = res.body.id
    // rewind the finished order to the moment of the crash, with the world as it was then
    await sql`update orders set status = 'pending', step = ${step}, cart_emptied = false where id = ${orderId}`
    await sql`delete from mail_outbox where message_id like ${`%${orderId}%`}`
    fake.customer(userId, { [productId]: 2 })
    fake.clearedOrders.delete(orderId)
    const reservation = present(fake.reservations.get(orderId), 'the reservation')
    if (step !== 'committed') {
      reservation.status = 'reserved'
      present(fake.products.get(productId), 'the product').onHand += 2
    }
    if (step === 'reserved') {
      const [payment] = await paymentsFor(orderId)
      await fetch(`${sales.sandboxUrl}/v1/payments/${payment.id}/refunds`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_sales_unit', 'content-type': 'application/json' },
        body: '{}',
      })
    }
    await expireLease(orderId)
    return { orderId, userId, productId, auth }
  }

  it('When a checkout stopped before the payment was captured, then recovery fails it, releases the stock and leaves the cart', async () => {
    const { orderId, userId, productId, auth } = await interruptedAfter('reserved')
    expect(await recovery.runOnce()).toBeGreaterThanOrEqual(1)
    const order = (await send('GET', `/api/orders/${orderId}`, { auth })).body
    expect(order).toMatchObject({ status: 'failed', failure: { reason: 'interrupted' } })
    expect(fake.stock(productId)).toEqual({ onHand: 5, reserved: 0 })
    expect(fake.carts.get(userId)?.get(productId)).toBe(2)
  })

  it('When a checkout stopped after the capture, then recovery finishes it: stock committed, order paid, one confirmation, cart emptied', async () => {
    for (const step of ['captured', 'committed'] as const) {
      const { orderId, userId, productId, auth } = await interruptedAfter(step)
      await recovery.runOnce()
      expect((await send('GET', `/api/orders/${orderId}`, { auth })).body.status).toBe('paid')
      expect(fake.stock(productId)).toEqual({ onHand: 3, reserved: 0 })
      expect(fake.carts.has(userId)).toBe(false)
      expect(await sql`select 1 from mail_outbox where message_id like ${`%${orderId}%`}`).toHaveLength(1)
    }
  })

  it("When a checkout is still unfinished 5 minutes after it began, then sales_checkouts_stalled and the staff's figures count it until recovery finishes it", async () => {
    const admin = await token('admin-1', ['admin'])
    const stalled = async () => {
      const metric = (await readMetric((await send('GET', '/metrics')).text, 'sales_checkouts_stalled')) ?? 0
      const figures = (await send('GET', '/api/orders/stats', { auth: admin })).body
      expect(figures.attention.stalled).toBe(metric)
      return metric
    }
    const before = await stalled()
    const { orderId, auth } = await interruptedAfter('captured')
    // a checkout under way for seconds is not stuck
    expect(await stalled()).toBe(before)
    await sql`update orders set created_at = now() - interval '6 minutes' where id = ${orderId}`
    expect(await stalled()).toBe(before + 1)
    await recovery.runOnce()
    expect((await send('GET', `/api/orders/${orderId}`, { auth })).body.status).toBe('paid')
    expect(await stalled()).toBe(before)
  })

  it('When a checkout is still within its lease, then recovery leaves it alone', async () => {
    const { orderId } = await interruptedAfter('reserved')
    await sql`update orders set lease_until = now() + interval '1 minute' where id = ${orderId}`
    await recovery.runOnce()
    expect((await sql`select status from orders where id = ${orderId}`)[0].status).toBe('pending')
  })
})
