import { describe, expect, it } from 'vitest'
import { documentedAnswers, readMetric } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { startSales } from '../testing.ts'
import type { Order } from './orders.repo.ts'
import { refundOf } from './partial-refund.ts'
import { createRefundsRepo } from './refunds.repo.ts'

const sales = await startSales()
const { send, fake, token, paymentsFor } = sales
const admin = await token('admin-1', ['admin'])
const service = await token('service:support', ['service'])
const documented = await documentedAnswers(openApiDocument)

/** A delivered order of 3 × a ($7.00) and 1 × b ($5.00): $26.00. */
async function deliveredOrder() {
  const placed = await sales.paidOrder([
    { unitPrice: 700, quantity: 3 },
    { unitPrice: 500, quantity: 1 },
  ])
  const [a = '', b = ''] = placed.productIds
  const id = placed.order.id as string
  await send('PATCH', `/api/orders/${id}/status`, { auth: admin, body: { status: 'shipped' } })
  await send('PATCH', `/api/orders/${id}/status`, { auth: admin, body: { status: 'delivered' } })
  return { id, a, b, auth: placed.auth }
}
const refund = (id: string, body: unknown) => send('POST', `/internal/orders/${id}/refund`, { auth: service, body })
const mailsOf = async (id: string) =>
  (await sales.outbox()).filter((m) => m.message_id.includes(id)).map((m) => m.text_body as string)
const returnedOf = (order: { items: { productId: string; returned: number }[] }) =>
  Object.fromEntries(order.items.map((i) => [i.productId, i.returned]))
const partialRefundsOf = async (id: string, auth: string) =>
  ((await send('GET', `/api/orders/${id}`, { auth })).body.history as { status: string; note: string }[]).filter(
    (e) => e.status === 'partially_refunded',
  )
/** Makes a refund's last attempt a lease old, as if the instance making it had died long ago. */
const leaseOld = (id: string) =>
  sales.sql`update order_refunds set attempted_at = now() - interval '1 hour' where order_id = ${id}`

describe('a return of some items of an order', () => {
  it('When support refunds some items under a key, then their share goes back once, the stock too, the order stays delivered; the last items refund it whole', async () => {
    const { id, a, b, auth } = await deliveredOrder()
    const some = { key: 'ticket-1', items: [{ productId: a, quantity: 2 }], reason: 'too many' }
    const [first, again] = await Promise.all([refund(id, some), refund(id, some)])
    expect([first.status, again.status]).toEqual([200, 200])
    expect(first.body).toMatchObject({ status: 'delivered', refunded: 1400 })
    expect(returnedOf(first.body)).toEqual({ [a]: 2, [b]: 0 })
    expect((await paymentsFor(id))[0]).toMatchObject({ status: 'partially_refunded', refundedAmount: 1400 })
    expect(fake.stock(a).onHand).toBe(9)
    const seen = await send('GET', `/api/orders/${id}`, { auth })
    expect(documented('get', '/api/orders/{id}', 200, seen.body)).toEqual([])
    expect(seen.body.history.at(-1)).toMatchObject({ status: 'partially_refunded' })
    expect(seen.body.history.at(-1).note).toMatch(/^2 × Product \w+ returned: too many$/)
    expect(await partialRefundsOf(id, auth)).toHaveLength(1) // the two requests finished it once
    const mails = await mailsOf(id)
    expect(mails.filter((m) => m.includes('$14.00 has been refunded to your Visa ending in 4242.'))).toHaveLength(1)

    // more than is still out, or a product the order did not have: a 409 that changes nothing
    const tooMany = await refund(id, { key: 'ticket-2', items: [{ productId: a, quantity: 2 }] })
    expect([tooMany.status, tooMany.body.outstanding]).toEqual([409, 1])
    const stranger = await refund(id, { key: 'ticket-2', items: [{ productId: crypto.randomUUID(), quantity: 1 }] })
    expect([stranger.status, stranger.body.outstanding]).toEqual([409, 0])
    expect((await refund(id, { key: 'ticket-2' })).status).toBe(400) // a key names its items
    expect((await send('GET', `/api/orders/${id}`, { auth })).body.refunded).toBe(1400)

    // the rest: refunded whole, the e-mail saying what went back this time
    const rest = await refund(id, {
      key: 'ticket-2',
      items: [
        { productId: a, quantity: 1 },
        { productId: b, quantity: 1 },
      ],
    })
    expect(rest.body).toMatchObject({ status: 'refunded', refunded: 2600 })
    expect(returnedOf(rest.body)).toEqual({ [a]: 3, [b]: 1 })
    expect((await paymentsFor(id))[0]).toMatchObject({ status: 'refunded', refundedAmount: 2600 })
    expect([fake.stock(a).onHand, fake.stock(b).onHand]).toEqual([10, 10])
    expect(await mailsOf(id)).toContainEqual(expect.stringContaining('$12.00 has been refunded'))
    expect((await refund(id, { key: 'ticket-3', items: [{ productId: b, quantity: 1 }] })).body.status).toBe('refunded')
  })

  it('When the provider cannot refund, then the return is a retryable 503 that changes nothing; a retry completes it', async () => {
    const { id, a, auth } = await deliveredOrder()
    const url = sales.config.current.payments.url
    sales.config.set({
      ...sales.config.current,
      payments: { ...sales.config.current.payments, url: 'http://127.0.0.1:9' },
    })
    const some = { key: 'ticket-9', items: [{ productId: a, quantity: 1 }] }
    const failed = await refund(id, some)
    sales.config.set({ ...sales.config.current, payments: { ...sales.config.current.payments, url } })
    expect(failed.status).toBe(503)
    const unchanged = (await send('GET', `/api/orders/${id}`, { auth })).body
    expect([unchanged.refunded, returnedOf(unchanged)[a], fake.stock(a).onHand]).toEqual([0, 0, 7])
    expect((await refund(id, some)).body.refunded).toBe(700)
    expect(fake.stock(a).onHand).toBe(8)
  })

  it('When the provider answers too late, after refunding, then the refund stays counted and a repeat of its key finishes it, refunding once', async () => {
    const { id, a, auth } = await deliveredOrder()
    const some = { key: 'ticket-8', items: [{ productId: a, quantity: 1 }] }
    const timedOut = await sales.whileProviderLate(() => refund(id, some))
    expect(timedOut.status).toBe(504)
    expect((await paymentsFor(id))[0].refundedAmount).toBe(700)
    const counted = (await send('GET', `/api/orders/${id}`, { auth })).body
    expect([counted.refunded, returnedOf(counted)[a]]).toEqual([700, 1])
    const again = await refund(id, { key: 'ticket-9', items: [{ productId: a, quantity: 3 }] })
    expect([again.status, again.body.outstanding]).toEqual([409, 2])
    expect((await refund(id, some)).body.refunded).toBe(700)
    expect((await paymentsFor(id))[0].refundedAmount).toBe(700)
    expect(fake.stock(a).onHand).toBe(8)
    expect(await partialRefundsOf(id, auth)).toHaveLength(1)
  })

  it('When products cannot take the items back after the money went back, then the refund stays counted, and recovery finishes it once, a lease later', async () => {
    const { id, a, auth } = await deliveredOrder()
    const some = { key: 'ticket-5', items: [{ productId: a, quantity: 1 }], reason: 'scratched' }
    const failed = await fake.whileDown('products', () => refund(id, some))
    expect(failed.status).toBe(503)
    expect((await paymentsFor(id))[0].refundedAmount).toBe(700)
    const counted = (await send('GET', `/api/orders/${id}`, { auth })).body
    expect([counted.refunded, returnedOf(counted)[a], fake.stock(a).onHand]).toEqual([700, 1, 7])
    const unfinished = async () => readMetric((await send('GET', '/metrics')).text, 'sales_giving_back_unfinished')
    const held = (await unfinished()) ?? 0
    expect(held).toBeGreaterThanOrEqual(1)

    await sales.recovery.runOnce() // not a lease old yet: left to the request's own repeat
    expect([fake.stock(a).onHand, await partialRefundsOf(id, auth)]).toEqual([7, []])
    await leaseOld(id)
    await fake.whileDown('products', () => sales.recovery.runOnce()) // still down: tried, kept for later
    expect(fake.stock(a).onHand).toBe(7)
    await leaseOld(id)
    await sales.recovery.runOnce()
    expect(fake.stock(a).onHand).toBe(8)
    expect((await paymentsFor(id))[0].refundedAmount).toBe(700)
    expect(await unfinished()).toBe(held - 1)
    const [entry] = await partialRefundsOf(id, auth)
    expect(entry?.note).toMatch(/^1 × Product \w+ returned: scratched$/)
    expect((await mailsOf(id)).filter((m) => m.includes('$7.00 has been refunded'))).toHaveLength(1)
    // the key's repeat, later: done, nothing again
    expect((await refund(id, some)).body).toMatchObject({ refunded: 700, status: 'delivered' })
    expect([fake.stock(a).onHand, (await partialRefundsOf(id, auth)).length]).toEqual([8, 1])
  })

  it('When a refund of some items is forgotten after the order was refunded whole, then the order still counts all of it given back', async () => {
    const { id, a } = await deliveredOrder()
    const refunds = createRefundsRepo(sales.db)
    const part = { orderId: id, key: 'ticket-7', amount: 700, lines: [{ productId: a, quantity: 1 }], actor: 'support' }
    await sales.db.transaction((tx) => refunds.start(tx, part))
    // meanwhile (its claim lapsed) the order was refunded whole: all of it counted
    await sales.sql`update orders set status = 'refunded', refunded = total where id = ${id}`
    await sales.sql`update order_lines set returned = quantity where order_id = ${id}`
    await refunds.undo(id, 'ticket-7')
    const [order] = await sales.sql`select refunded, total from orders where id = ${id}`
    expect(order?.refunded).toBe(order?.total)
    expect(await sales.sql`select key from order_refunds where order_id = ${id}`).toHaveLength(0)
  })

  it("When the shop's figures are counted, then what a return of some items gave back is taken off the day's takings", async () => {
    const { id, a } = await deliveredOrder()
    const day = new Date().toISOString().slice(0, 10)
    const before = (await send('GET', `/api/orders/stats?from=${day}&to=${day}`, { auth: admin })).body.revenue
    await refund(id, { key: 'ticket-1', items: [{ productId: a, quantity: 1 }] })
    const after = (await send('GET', `/api/orders/stats?from=${day}&to=${day}`, { auth: admin })).body.revenue
    expect(before - after).toBe(700)
  })
})

describe('what some items are worth back', () => {
  const line = (productId: string, unitPrice: number, quantity: number, returned = 0) => ({
    productId,
    sku: productId,
    name: productId,
    unitPrice,
    quantity,
    lineTotal: unitPrice * quantity,
    returned,
  })
  const order = (lines: ReturnType<typeof line>[], discount: number, refunded = 0) => {
    const subtotal = lines.reduce((n, l) => n + l.lineTotal, 0)
    return { number: 'SF-1', lines, subtotal, discount, shipping: 0, total: subtotal - discount, refunded } as Order
  }

  it('When the order had a discount, then each item gives back its share of what was paid; the last ones are the whole', () => {
    const o = order([line('a', 1000, 1), line('b', 999, 2)], 300) // 2998 − 300 = 2698 paid
    expect(refundOf(o, [{ productId: 'a', quantity: 1 }])).toMatchObject({ amount: 900, whole: false })
    expect(refundOf(o, [{ productId: 'b', quantity: 1 }])).toMatchObject({ amount: 899, whole: false })
    expect(
      refundOf(o, [
        { productId: 'a', quantity: 1 },
        { productId: 'b', quantity: 2 },
      ]),
    ).toMatchObject({ whole: true })
    // what was refunded already is never given back twice, however the shares round
    const almost = order([line('a', 1, 3, 2)], 0, 3)
    expect(refundOf(almost, [{ productId: 'a', quantity: 1 }]).amount).toBe(0)
  })
})
