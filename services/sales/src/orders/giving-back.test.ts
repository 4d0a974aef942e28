import { describe, expect, it } from 'vitest'
import { documentedAnswers, readMetric } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { startSales } from '../testing.ts'

const sales = await startSales()
const { send, fake, token, paymentsFor } = sales
const admin = await token('admin-1', ['admin'])
const service = await token('service:support', ['service'])
const documented = await documentedAnswers(openApiDocument)

const orderOf = async (id: string, auth: string) => (await send('GET', `/api/orders/${id}`, { auth })).body
const cancelledMails = async (number: string) =>
  (await sales.outbox()).filter((m) => m.subject === `Your Shopfront order ${number} is cancelled`)
/** What the metrics say is not finished yet (their money may be moving back); the staff's figures say the same. */
const unfinished = async () => {
  const metric = await readMetric((await send('GET', '/metrics')).text, 'sales_giving_back_unfinished')
  expect((await send('GET', '/api/orders/stats', { auth: admin })).body.attention.givingBack).toBe(metric)
  return metric
}
/** Makes an order's claim lapse, as if the instance giving its money back had died long ago. */
const lapse = (id: string) => sales.sql`update orders set claimed_until = now() - interval '1 second' where id = ${id}`

describe('giving money back when the provider or products fail half way', () => {
  it('When the provider answers a cancellation too late, after refunding, then the order cannot ship, and recovery cancels it once its claim lapses', async () => {
    const placed = await sales.paidOrder()
    const { order, auth } = placed
    const productId = placed.productIds[0] ?? ''
    const timedOut = await sales.whileProviderLate(() => send('POST', `/api/orders/${order.id}/cancel`, { auth }))
    expect(timedOut.status).toBe(504)
    expect(documented('post', '/api/orders/{id}/cancel', 504, timedOut.body)).toEqual([])
    expect((await paymentsFor(order.id))[0]).toMatchObject({ status: 'refunded' })
    // the money went back: the order is held for its cancellation, not shipped
    const ship = await send('PATCH', `/api/orders/${order.id}/status`, { auth: admin, body: { status: 'shipped' } })
    expect([ship.status, ship.body.detail]).toEqual([
      409,
      `Order ${order.number} is being cancelled; it cannot become shipped.`,
    ])
    expect(await orderOf(order.id, auth)).toMatchObject({ status: 'paid', pendingStatus: 'cancelled' })
    const held = await unfinished()
    expect(held).toBeGreaterThanOrEqual(1)

    await sales.recovery.runOnce() // the claim has not lapsed: left to the request's own repeat
    expect((await orderOf(order.id, auth)).status).toBe('paid')
    await lapse(order.id)
    await fake.whileDown('products', () => sales.recovery.runOnce()) // products down: tried, held for later
    expect((await orderOf(order.id, auth)).status).toBe('paid')
    expect(
      (await send('PATCH', `/api/orders/${order.id}/status`, { auth: admin, body: { status: 'shipped' } })).status,
    ).toBe(409)
    await lapse(order.id)
    await sales.recovery.runOnce()
    const done = await orderOf(order.id, auth)
    expect(done).toMatchObject({ status: 'cancelled', refunded: order.total, pendingStatus: null })
    expect(await unfinished()).toBe((held ?? 0) - 1)
    expect(done.history.at(-1)).toMatchObject({ status: 'cancelled' })
    expect(fake.stock(productId).onHand).toBe(10)
    expect(await cancelledMails(order.number)).toHaveLength(1)
    expect((await paymentsFor(order.id))[0]).toMatchObject({ status: 'refunded', refundedAmount: order.total })
  })

  it('When products cannot take the stock back after the provider refunded a return, then the order stays held for it, and a repeat finishes it once', async () => {
    const { order, auth } = await sales.paidOrder()
    for (const status of ['shipped', 'delivered'])
      await send('PATCH', `/api/orders/${order.id}/status`, { auth: admin, body: { status } })
    const refund = () =>
      send('POST', `/internal/orders/${order.id}/refund`, { auth: service, body: { reason: 'broken' } })
    expect((await fake.whileDown('products', refund)).status).toBe(503)
    expect((await paymentsFor(order.id))[0]).toMatchObject({ status: 'refunded' })
    // no return of some of its items slips in meanwhile
    const part = await send('POST', `/internal/orders/${order.id}/refund`, {
      auth: service,
      body: { key: 'ticket-1', items: [{ productId: order.items[0].productId, quantity: 1 }] },
    })
    expect([part.status, part.body.detail]).toEqual([
      409,
      `Order ${order.number} is being refunded; only a delivered order can be refunded.`,
    ])
    expect((await refund()).body).toMatchObject({ status: 'refunded', refunded: order.total })
    expect((await refund()).body.status).toBe('refunded')
    const history = (await orderOf(order.id, auth)).history.filter((e: { status: string }) => e.status === 'refunded')
    expect(history).toEqual([expect.objectContaining({ note: 'broken' })])
  })
})
