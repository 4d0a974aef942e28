import { describe, expect, it } from 'vitest'
import { createMemoryLogger } from '@shopfront/kit'
import { productBody, settings, startProducts } from '../testing.ts'
import { createAlertsRepo } from './alerts.repo.ts'
import { backInStockAlerts } from './back-in-stock.ts'

const products = await startProducts()
const { send, as, sql, issuer } = products
const alerts = backInStockAlerts(createAlertsRepo(products.db), {
  shop: () => settings.shop,
  intervalMs: () => 60_000,
  logger: createMemoryLogger().logger,
})

/** A signed-in shopper whose token carries their address, as users' tokens do. */
async function shopper(name: string) {
  const id = crypto.randomUUID()
  const email = `${name.toLowerCase()}-${id.slice(0, 8)}@example.com`
  return { id, email, auth: `Bearer ${await issuer.sign({ sub: id, contact: { email, name } })}` }
}
async function product(stock: number, overrides: Record<string, unknown> = {}) {
  return (await send('POST', '/api/products', { body: productBody({ stock, ...overrides }), auth: as.admin })).body
}
const restock = (id: string, delta: number) =>
  send('POST', `/api/products/${id}/stock`, { body: { delta, reason: 'delivery' }, auth: as.admin })
const waiting = async (productId: string) =>
  (await sql`select user_id from stock_alerts where product_id = ${productId}`).map((r) => r.user_id)

describe('asking to be told when a product is back', () => {
  it('When a shopper asks about a product sold out, then they wait for it, see it, find it in their list, and asking again keeps one alert', async () => {
    const ann = await shopper('Ann')
    const lamp = await product(0, { name: 'Brass Lamp' })
    const asked = await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })
    expect(asked.status).toBe(200)
    expect(asked.body).toMatchObject({ productId: lamp.id, name: 'Brass Lamp', active: true })
    expect((await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })).status).toBe(200)
    expect((await send('GET', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })).body).toEqual(asked.body)
    const mine = await send('GET', '/api/stock-alerts', { auth: ann.auth })
    expect(mine.body).toEqual({ items: [asked.body], total: 1, page: 1, limit: 20 })
    expect(await waiting(lamp.id)).toEqual([ann.id])
    // another shopper's alerts are their own
    const bob = await shopper('Bob')
    expect((await send('GET', `/api/stock-alerts/${lamp.id}`, { auth: bob.auth })).status).toBe(404)
    expect((await send('GET', '/api/stock-alerts', { auth: bob.auth })).body.total).toBe(0)
  })

  it('When the product can be bought now, is not sold, does not exist, or the caller is nobody, then it is a 4xx problem and nothing is kept', async () => {
    const ann = await shopper('Ann')
    const inStock = await product(3)
    const refused = await send('PUT', `/api/stock-alerts/${inStock.id}`, { auth: ann.auth })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'in_stock', available: 3 })
    const gone = await product(0)
    await send('DELETE', `/api/products/${gone.id}`, { auth: as.admin })
    expect((await send('PUT', `/api/stock-alerts/${gone.id}`, { auth: ann.auth })).status).toBe(404)
    expect((await send('PUT', `/api/stock-alerts/${crypto.randomUUID()}`, { auth: ann.auth })).status).toBe(404)
    expect((await send('PUT', '/api/stock-alerts/not-a-product', { auth: ann.auth })).status).toBe(400)
    const soldOut = await product(0)
    expect((await send('PUT', `/api/stock-alerts/${soldOut.id}`)).status).toBe(401)
    // a token without an address (issued before users put it in) cannot be written to
    const older = `Bearer ${await issuer.sign({ sub: crypto.randomUUID() })}`
    expect((await send('PUT', `/api/stock-alerts/${soldOut.id}`, { auth: older })).status).toBe(401)
    expect(await sql`select 1 from stock_alerts where user_id = ${ann.id}`).toEqual([])
    expect(await waiting(soldOut.id)).toEqual([])
  })

  it('When the shop stops selling a product waited for, then the alert stays, marked, until the shopper stops it or it is sold again', async () => {
    const ann = await shopper('Ann')
    const lamp = await product(0)
    await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })
    await send('DELETE', `/api/products/${lamp.id}`, { auth: as.admin })
    const mine = await send('GET', '/api/stock-alerts', { auth: ann.auth })
    expect(mine.body.items).toMatchObject([{ productId: lamp.id, active: false }])
    expect((await send('GET', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })).body.active).toBe(false)
    expect((await send('DELETE', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })).status).toBe(204)
    expect(await waiting(lamp.id)).toEqual([])
  })

  it('When a shopper stops waiting, then the alert is gone, and stopping again is the same answer', async () => {
    const ann = await shopper('Ann')
    const lamp = await product(0)
    await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })
    expect((await send('DELETE', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })).status).toBe(204)
    expect((await send('DELETE', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })).status).toBe(204)
    expect(await waiting(lamp.id)).toEqual([])
  })

  it('When an admin asks how many wait for a product, then they get the count and since when the first waits; others a 403', async () => {
    const lamp = await product(0)
    const path = `/api/stock-alerts/demand/${lamp.id}`
    expect((await send('GET', path, { auth: as.admin })).body).toEqual({ waiting: 0, since: null })
    const [ann, bob] = [await shopper('Ann'), await shopper('Bob')]
    const first = await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })
    await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: bob.auth })
    expect((await send('GET', path, { auth: as.admin })).body).toEqual({ waiting: 2, since: first.body.since })
    expect((await send('GET', path, { auth: ann.auth })).status).toBe(403)
    expect((await send('GET', `/api/stock-alerts/demand/${crypto.randomUUID()}`, { auth: as.admin })).status).toBe(404)
  })

  it('When an admin asks which products are most waited for, then most shoppers first, each with since when; others a 403, a bad limit a 400', async () => {
    const [lamp, vase] = [await product(0, { name: 'Demand Lamp' }), await product(0, { name: 'Demand Vase' })]
    const [ann, bob, cy] = [await shopper('Ann'), await shopper('Bob'), await shopper('Cy')]
    const vaseFirst = await send('PUT', `/api/stock-alerts/${vase.id}`, { auth: ann.auth })
    for (const who of [ann, bob, cy]) await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: who.auth })
    const demand = await send('GET', '/api/stock-alerts/demand?limit=50', { auth: as.admin })
    expect(demand.status).toBe(200)
    const ours = demand.body.items.filter((i: { productId: string }) => [lamp.id, vase.id].includes(i.productId))
    expect(ours).toEqual([
      { productId: lamp.id, name: 'Demand Lamp', waiting: 3, since: expect.any(String) },
      { productId: vase.id, name: 'Demand Vase', waiting: 1, since: vaseFirst.body.since },
    ])
    expect((await send('GET', '/api/stock-alerts/demand', { auth: ann.auth })).status).toBe(403)
    expect((await send('GET', '/api/stock-alerts/demand?limit=0', { auth: as.admin })).status).toBe(400)
  })

  it('When users has a deleted account forgotten, then its alerts go; nobody else may ask that', async () => {
    const ann = await shopper('Ann')
    const lamp = await product(0)
    await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })
    const path = `/internal/users/${ann.id}/stock-alerts`
    expect((await send('DELETE', path, { auth: as.customer })).status).toBe(403)
    expect((await send('DELETE', path, { auth: as.service })).status).toBe(403)
    expect(await waiting(lamp.id)).toEqual([ann.id])
    expect((await send('DELETE', path, { auth: as.users })).status).toBe(204)
    expect(await waiting(lamp.id)).toEqual([])
  })
})

describe('telling shoppers a product is back', () => {
  it('When stock comes in, then each shopper waiting gets one e-mail with a link to it, and their alert ends; a product still sold out keeps its alerts', async () => {
    const [ann, bob] = [await shopper('Ann'), await shopper('Bob')]
    const lamp = await product(0, { name: 'Brass Lamp', price: { amount: 4500, currency: 'USD' } })
    const vase = await product(0)
    for (const who of [ann, bob]) await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: who.auth })
    await send('PUT', `/api/stock-alerts/${vase.id}`, { auth: ann.auth })
    await alerts.runNow()
    expect(await products.outbox(ann.email)).toEqual([])

    await restock(lamp.id, 2)
    await alerts.runNow()
    const [mail] = await products.outbox(ann.email)
    expect(mail).toMatchObject({ subject: 'Back in stock: Brass Lamp', status: 'pending' })
    expect(mail?.text_body).toContain('Hello Ann,')
    expect(mail?.text_body).toContain(`Brass Lamp, $45.00: http://shop.test/products/${lamp.id}`)
    expect(mail?.html_body).toContain(`http://shop.test/products/${lamp.id}`)
    expect(await products.outbox(bob.email)).toHaveLength(1)
    expect(await waiting(lamp.id)).toEqual([])
    expect(await waiting(vase.id)).toEqual([ann.id])

    await restock(lamp.id, 5)
    await alerts.runNow()
    expect(await products.outbox(ann.email)).toHaveLength(1)
  })

  it('When stock comes in for a product no longer sold, then nobody is written to until it is sold again', async () => {
    const ann = await shopper('Ann')
    const lamp = await product(0)
    await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: ann.auth })
    await send('DELETE', `/api/products/${lamp.id}`, { auth: as.admin })
    await restock(lamp.id, 4)
    await alerts.runNow()
    expect(await products.outbox(ann.email)).toEqual([])
    await send('PATCH', `/api/products/${lamp.id}`, { body: { active: true }, auth: as.admin })
    await alerts.runNow()
    expect(await products.outbox(ann.email)).toHaveLength(1)
  })

  it('When more are waiting than one round takes, then every one of them is written to in the run', async () => {
    const lamp = await product(0)
    const many = await Promise.all(Array.from({ length: 130 }, (_, i) => shopper(`S${i}`)))
    for (const who of many) await send('PUT', `/api/stock-alerts/${lamp.id}`, { auth: who.auth })
    await restock(lamp.id, 1)
    expect(await alerts.runNow()).toBe(130)
    expect(await waiting(lamp.id)).toEqual([])
  })
})
