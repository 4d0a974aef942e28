import { describe, expect, it } from 'vitest'
import { documentedAnswers } from '@shopfront/kit/testing'
import { salesReport } from '../contract.ts'
import { openApiDocument } from '../openapi.ts'
import { card, startSales } from '../testing.ts'

const sales = await startSales()
const { send, fake, token } = sales
const admin = await token('admin-1', ['admin'])
const agent = await token('agent-1', ['support'])
const service = await token('service:support', ['service'])
const documented = await documentedAnswers(openApiDocument)

/** Checks a cart out for a new customer (the card may be a declining one), the order placed at `at`. */
async function orderAt(at: string, cart: Record<string, number>, cardNumber?: string) {
  const userId = `user-${crypto.randomUUID().slice(0, 8)}`
  fake.customer(userId, cart)
  const auth = await token(userId)
  const res = await send('POST', '/api/checkout', {
    auth,
    body: { payment: card(cardNumber) },
    headers: { 'idempotency-key': crypto.randomUUID() },
  })
  await sales.sql`update orders set created_at = ${at} where id = ${res.body.id ?? res.body.orderId}`
  return { id: res.body.id as string, auth, status: res.status }
}
const report = (query: string, auth = admin) => send('GET', `/api/orders/report?${query}`, { auth })

describe('the sales report', () => {
  it('When staff ask for a period, then every day of it comes with its placed orders and takings, days as the shop’s time zone counts them, and the best sellers by what they took in', async () => {
    const beans = fake.addProduct({ onHand: 50, unitPrice: 1500 })
    const mugs = fake.addProduct({ onHand: 50, unitPrice: 800 })
    const kettle = fake.addProduct({ onHand: 50, unitPrice: 4000 })
    await orderAt('2003-03-01T12:00:00Z', { [beans]: 2, [mugs]: 1 }) // $38.00
    // 3 AM UTC on the 3rd: the evening of the 2nd in New York
    await orderAt('2003-03-03T03:00:00Z', { [beans]: 1 }) // $15.00
    // a cancelled order was placed (it counts) but took nothing in; a declined one was never placed
    const cancelled = await orderAt('2003-03-03T15:00:00Z', { [kettle]: 1 })
    expect((await send('POST', `/api/orders/${cancelled.id}/cancel`, { auth: cancelled.auth })).status).toBe(200)
    const declined = await orderAt('2003-03-03T16:00:00Z', { [kettle]: 2 }, '4000000000000002')
    expect(declined.status).toBe(402)
    // an order the period does not hold
    await orderAt('2003-03-04T00:30:00Z', { [kettle]: 1 })

    const utc = await report('from=2003-03-01&to=2003-03-03')
    expect(utc.status).toBe(200)
    expect(utc.body).toMatchObject({ from: '2003-03-01', to: '2003-03-03', tz: 'UTC', orders: 3, revenue: 5300 })
    expect(utc.body.days).toEqual([
      { day: '2003-03-01', orders: 1, revenue: 3800, shipping: 0 },
      { day: '2003-03-02', orders: 0, revenue: 0, shipping: 0 },
      { day: '2003-03-03', orders: 2, revenue: 1500, shipping: 0 },
    ])
    expect(utc.body.bestSellers).toEqual([
      { productId: beans, sku: expect.any(String), name: expect.any(String), units: 3, revenue: 4500 },
      { productId: mugs, sku: expect.any(String), name: expect.any(String), units: 1, revenue: 800 },
    ])
    expect(salesReport.strict().safeParse(utc.body).error).toBeUndefined()
    expect(documented('get', '/api/orders/report', 200, utc.body)).toEqual([])

    const newYork = await report('from=2003-03-01&to=2003-03-03&tz=America/New_York', agent)
    // the order of 00:30 UTC on the 4th is the evening of the 3rd there
    expect(newYork.body.days.map((d: { orders: number }) => d.orders)).toEqual([1, 1, 2])
    expect(newYork.body).toMatchObject({ tz: 'America/New_York', orders: 4, revenue: 9300 })
    expect((await report('from=2003-03-01&to=2003-03-03&top=1')).body.bestSellers.map((b: any) => b.productId)).toEqual(
      [beans],
    )
  })

  it('When items come back, then the takings and the best sellers leave them out', async () => {
    const tea = fake.addProduct({ onHand: 50, unitPrice: 600 })
    const { id } = await orderAt('2004-05-10T10:00:00Z', { [tea]: 3 })
    await send('PATCH', `/api/orders/${id}/status`, { auth: admin, body: { status: 'shipped' } })
    await send('PATCH', `/api/orders/${id}/status`, { auth: admin, body: { status: 'delivered' } })
    const back = await send('POST', `/internal/orders/${id}/refund`, {
      auth: service,
      body: { key: 'ticket-1', items: [{ productId: tea, quantity: 2 }] },
    })
    expect(back.status).toBe(200)
    const day = (await report('from=2004-05-10&to=2004-05-10')).body
    expect(day).toMatchObject({ orders: 1, revenue: 600, days: [{ day: '2004-05-10', orders: 1, revenue: 600 }] })
    expect(day.bestSellers).toEqual([expect.objectContaining({ productId: tea, units: 1, revenue: 600 })])
  })

  it('When the period is wrong or the caller is a customer, then it is a clear 4xx', async () => {
    const customer = await token('someone')
    expect((await report('from=2003-03-01&to=2003-03-03', customer)).status).toBe(403)
    const problems = async (query: string) => {
      const res = await report(query)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      return res.body.errors.map((e: { path: string }) => e.path)
    }
    expect(await problems('from=2003-03-01')).toEqual(['to'])
    expect(await problems('from=2003-03-05&to=2003-03-01')).toEqual(['to'])
    expect(await problems('from=2003-01-01&to=2004-01-02')).toEqual(['to'])
    expect(await problems('from=0001-01-01&to=9999-12-31')).toEqual(['to'])
    expect(await problems('from=2003-03-01&to=2003-03-02&tz=Mars/Olympus_Mons')).toEqual(['tz'])
    expect(await problems('from=2003-03-01&to=2003-03-02&top=0')).toEqual(['top'])
    expect(await problems('from=2003-03-01&to=2003-03-02&top=51')).toEqual(['top'])
    expect(await problems('from=2003-03-01&to=2003-03-02&all=true')).toEqual(['(root)'])
    // a whole year (2004 has 366 days) is the most it takes
    expect((await report('from=2004-01-01&to=2004-12-31')).body.days).toHaveLength(366)
  })
})
