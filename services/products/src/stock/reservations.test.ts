import { reservationCodes } from '../contract.ts'
import { describe, expect, it } from 'vitest'
import { createReservationsRepo } from './reservations.repo.ts'
import { productBody, startProducts } from '../testing.ts'

const { send, sql, db, as } = await startProducts()
const newProduct = async (stock: number, extra: Record<string, unknown> = {}) =>
  (await send('POST', '/api/products', { body: productBody({ stock, ...extra }), auth: as.admin })).body.id as string
const stockOf = async (id: string) => {
  const [row] = await sql`select on_hand, reserved from products where id = ${id}`
  return { onHand: row.on_hand, reserved: row.reserved }
}
const reserve = (
  orderId: string,
  lines: { productId: string; quantity: number }[],
  extra: Record<string, unknown> = {},
) => send('POST', '/internal/reservations', { body: { orderId, lines, ...extra }, auth: as.service })

describe('internal endpoints need a service identity', () => {
  it('When called with no token or a customer token, then 401 and 403', async () => {
    expect((await send('POST', '/internal/reservations', { body: { orderId: 'x', lines: [] } })).status).toBe(401)
    expect(
      (await send('POST', '/internal/reservations', { body: { orderId: 'x', lines: [] }, auth: as.customer })).status,
    ).toBe(403)
    expect((await send('POST', '/internal/products/lookup', { body: { ids: [] }, auth: as.admin })).status).toBe(403)
  })

  it('When a service looks up products in a batch, then it gets each with price and availability, inactive ones included', async () => {
    const a = await newProduct(3)
    const b = await newProduct(0, { active: false })
    const res = await send('POST', '/internal/products/lookup', { body: { ids: [a, b, a] }, auth: as.service })
    const items = res.body.items
    expect(items.map((p: any) => [p.id, p.available, p.active]).sort()).toEqual(
      [
        [a, 3, true],
        [b, 0, false],
      ].sort(),
    )
    expect(
      (await send('POST', '/internal/products/lookup', { body: { ids: ['nope'] }, auth: as.service })).status,
    ).toBe(400)
    // cart may look prices up too, but reserving stock is the checkout's alone
    expect((await send('POST', '/internal/products/lookup', { body: { ids: [a] }, auth: as.cart })).status).toBe(200)
    expect(
      (
        await send('POST', '/internal/reservations', {
          body: { orderId: crypto.randomUUID(), lines: [{ productId: a, quantity: 1 }] },
          auth: as.cart,
        })
      ).status,
    ).toBe(403)
    expect(
      (await send('POST', `/internal/reservations/${crypto.randomUUID()}/release`, { auth: as.support })).status,
    ).toBe(403)
  })
})

describe('reservations', () => {
  it('When every line is available, then all are reserved; when one is short, none is, and the answer names it', async () => {
    const plenty = await newProduct(10)
    const scarce = await newProduct(1, { name: 'Scarce Lamp' })
    const ok = await reserve('order-1', [
      { productId: plenty, quantity: 2 },
      { productId: scarce, quantity: 1 },
    ])
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ orderId: 'order-1', status: 'reserved' })
    const short = await reserve('order-2', [
      { productId: plenty, quantity: 3 },
      { productId: scarce, quantity: 1 },
    ])
    expect(short.status).toBe(409)
    const problem = short.body
    // the contract sales branches on: a stable code beside the text
    expect(problem).toMatchObject({
      code: reservationCodes.outOfStock,
      productId: scarce,
      requested: 1,
      available: 0,
      held: 1,
    })
    // the unit is only held by order-1's checkout: the shopper is told it may come back
    expect(problem.detail).toMatch(
      /^Not enough Scarce Lamp .*: 1 wanted, 0 available\. 1 more is held by checkouts under way/,
    )
    expect(await stockOf(plenty)).toEqual({ onHand: 10, reserved: 2 })
    expect((await send('GET', '/internal/reservations/order-2', { auth: as.service })).status).toBe(404)
    // more than could ever come back: no hope held out
    const tooMany = await reserve('order-3', [{ productId: plenty, quantity: 11 }])
    expect(tooMany.body).toMatchObject({ requested: 11, available: 8, held: 2 })
    expect(tooMany.body.detail).toMatch(/: 11 wanted, 8 available\.$/)
  })

  it('When the same order reserves again, then it gets the same reservation; other lines are a 409', async () => {
    const p = await newProduct(5)
    const first = (await reserve('order-3', [{ productId: p, quantity: 2 }])).body
    const again = await reserve('order-3', [
      { productId: p, quantity: 1 },
      { productId: p, quantity: 1 },
    ])
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first)
    expect((await reserve('order-3', [{ productId: p, quantity: 3 }])).status).toBe(409)
    expect(await stockOf(p)).toEqual({ onHand: 5, reserved: 2 })
  })

  it('When a reservation is committed, then the stock leaves for good; release gives stock back; each is idempotent', async () => {
    const p = await newProduct(5)
    await reserve('order-4', [{ productId: p, quantity: 2 }])
    expect((await send('POST', '/internal/reservations/order-4/commit', { auth: as.service })).body.status).toBe(
      'committed',
    )
    expect((await send('POST', '/internal/reservations/order-4/commit', { auth: as.service })).status).toBe(200)
    expect(await stockOf(p)).toEqual({ onHand: 3, reserved: 0 })
    expect((await send('POST', '/internal/reservations/order-4/release', { auth: as.service })).status).toBe(409)

    await reserve('order-5', [{ productId: p, quantity: 3 }])
    expect(await stockOf(p)).toEqual({ onHand: 3, reserved: 3 })
    expect((await send('POST', '/internal/reservations/order-5/release', { auth: as.service })).status).toBe(200)
    expect((await send('POST', '/internal/reservations/order-5/release', { auth: as.service })).status).toBe(200)
    expect(await stockOf(p)).toEqual({ onHand: 3, reserved: 0 })
    expect((await send('POST', '/internal/reservations/order-5/commit', { auth: as.service })).status).toBe(409)
    const [movement] =
      await sql`select delta, reason from stock_movements where product_id = ${p} order by id desc limit 1`
    expect(movement).toEqual({ delta: -2, reason: 'order order-4' })
  })

  it('When a committed order comes back, then its stock returns on hand once, audited; only committed stock can return', async () => {
    const p = await newProduct(5)
    await reserve('order-6', [{ productId: p, quantity: 2 }])
    expect((await send('POST', '/internal/reservations/order-6/return', { auth: as.service })).status).toBe(409)
    await send('POST', '/internal/reservations/order-6/commit', { auth: as.service })
    expect((await send('POST', '/internal/reservations/order-6/return', { auth: as.service })).body.status).toBe(
      'returned',
    )
    expect((await send('POST', '/internal/reservations/order-6/return', { auth: as.service })).status).toBe(200)
    expect(await stockOf(p)).toEqual({ onHand: 5, reserved: 0 })
    // the audit trail names the order of both movements (the back office links to it)
    const movements = (await send('GET', `/api/products/${p}/stock-movements`, { auth: as.admin })).body.items
    expect(movements.slice(0, 2)).toMatchObject([
      { delta: 2, reason: 'return of order order-6', orderId: 'order-6', onHandAfter: 5 },
      { delta: -2, reason: 'order order-6', orderId: 'order-6', onHandAfter: 3 },
    ])
    expect((await send('POST', '/internal/reservations/nothing-here/return', { auth: as.service })).status).toBe(404)
  })

  it('When part of an order comes back under a key, then only that part returns on hand, once; the rest can follow', async () => {
    const [p, q] = [await newProduct(5), await newProduct(5)]
    await reserve('order-7', [
      { productId: p, quantity: 3 },
      { productId: q, quantity: 1 },
    ])
    const giveBack = (body?: unknown) =>
      send('POST', '/internal/reservations/order-7/return', { auth: as.service, ...(body ? { body } : {}) })
    const part = { key: 'refund-1', lines: [{ productId: p, quantity: 2 }] }
    expect((await giveBack(part)).status).toBe(409) // only committed stock comes back
    await send('POST', '/internal/reservations/order-7/commit', { auth: as.service })
    const first = await giveBack(part)
    expect(first.body.status).toBe('committed')
    expect(first.body.lines.find((l: { productId: string }) => l.productId === p)).toMatchObject({ returned: 2 })
    expect((await giveBack(part)).status).toBe(200) // the same key again: nothing more
    expect(await stockOf(p)).toEqual({ onHand: 4, reserved: 0 })
    // more than is still out, or a product the order did not have: a 409 that changes nothing
    const tooMany = await giveBack({ key: 'refund-2', lines: [{ productId: p, quantity: 2 }] })
    expect([tooMany.status, tooMany.body.outstanding]).toEqual([409, 1])
    const stranger = await newProduct(1)
    expect((await giveBack({ key: 'refund-2', lines: [{ productId: stranger, quantity: 1 }] })).status).toBe(409)
    expect(await stockOf(p)).toEqual({ onHand: 4, reserved: 0 })
    // all that is still out: the reservation is returned
    expect((await giveBack()).body.status).toBe('returned')
    expect([await stockOf(p), await stockOf(q)]).toEqual([
      { onHand: 5, reserved: 0 },
      { onHand: 5, reserved: 0 },
    ])
    expect((await giveBack({ key: 'refund-3', lines: [{ productId: q, quantity: 1 }] })).status).toBe(409)
    expect((await giveBack({ key: 'x', lines: [] })).status).toBe(400)
  })

  it('When reservations expire, then sweepers running side by side release each exactly once', async () => {
    const p = await newProduct(6)
    for (const id of ['exp-1', 'exp-2', 'exp-3']) await reserve(id, [{ productId: p, quantity: 2 }], { ttlSeconds: 1 })
    expect(await stockOf(p)).toEqual({ onHand: 6, reserved: 6 })
    await new Promise((r) => setTimeout(r, 1100))
    const repo = createReservationsRepo(db)
    const released = await Promise.all([repo.sweep(), repo.sweep(), repo.sweep()])
    expect(released.reduce((a, b) => a + b, 0)).toBe(3)
    expect(await stockOf(p)).toEqual({ onHand: 6, reserved: 0 })
    expect((await send('GET', '/internal/reservations/exp-1', { auth: as.service })).body.status).toBe('expired')
  })

  it('When the body is bad, then a 400 and nothing is reserved', async () => {
    const p = await newProduct(5)
    for (const body of [
      { orderId: 'bad', lines: [] },
      { orderId: 'bad', lines: [{ productId: p, quantity: 0 }] },
      { orderId: 'has space', lines: [{ productId: p, quantity: 1 }] },
      { lines: [{ productId: p, quantity: 1 }] },
    ]) {
      expect(
        (await send('POST', '/internal/reservations', { body, auth: as.service })).status,
        JSON.stringify(body),
      ).toBe(400)
    }
    expect(
      (await reserve('unknown-product', [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }])).status,
    ).toBe(422)
    expect(await stockOf(p)).toEqual({ onHand: 5, reserved: 0 })
  })
})

describe('stock never oversells', () => {
  it('When 200 orders race for a product with 10 left, in different line orders, then exactly 10 win, with no deadlock', async () => {
    const hot = await newProduct(10, { name: 'Hot Item' })
    const others = await Promise.all([newProduct(1000), newProduct(1000), newProduct(1000)])
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const lines = [{ productId: hot, quantity: 1 }, ...others.map((productId) => ({ productId, quantity: 1 }))]
        // rotate the lines so orders lock products in different request orders
        const rotated = [...lines.slice(i % lines.length), ...lines.slice(0, i % lines.length)]
        return Promise.resolve(reserve(`race-${i}`, rotated)).then(async (res) => ({
          status: res.status,
          body: res.body,
        }))
      }),
    )
    const won = results.filter((r) => r.status === 201)
    const lost = results.filter((r) => r.status === 409)
    expect(won).toHaveLength(10)
    expect(lost).toHaveLength(190)
    expect(lost.every((r) => r.body.productId === hot && /Not enough Hot Item/.test(r.body.detail))).toBe(true)
    expect(await stockOf(hot)).toEqual({ onHand: 10, reserved: 10 })
    for (const id of others) expect(await stockOf(id)).toEqual({ onHand: 1000, reserved: 10 })
  })
})

describe('the reservation contract', () => {
  it('When a line names a product that is no longer sold, or none at all, then the refusal carries the code consumers branch on', async () => {
    const gone = await newProduct(5, { active: false })
    const res = await reserve(`order-${crypto.randomUUID()}`, [{ productId: gone, quantity: 1 }])
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ code: reservationCodes.noLongerSold, productId: gone })
    const missing = await reserve(`order-${crypto.randomUUID()}`, [{ productId: crypto.randomUUID(), quantity: 1 }])
    expect(missing.status).toBe(422)
    expect(missing.body).toMatchObject({ code: reservationCodes.noSuchProduct })
  })
})

describe('what admins see of reservations', () => {
  it('When orders are being placed, then the product lists its live reservations (admins only); committed ones leave the list', async () => {
    const lamp = await newProduct(5)
    const order = `order-live-${crypto.randomUUID().slice(0, 6)}`
    await reserve(order, [{ productId: lamp, quantity: 2 }])
    const live = async (auth = as.admin) => {
      const res = await send('GET', `/api/products/${lamp}/reservations`, { auth })
      return { status: res.status, body: res.body }
    }
    expect((await live()).body.items).toEqual([
      { orderId: order, quantity: 2, expiresAt: expect.any(String), createdAt: expect.any(String) },
    ])
    expect((await live(as.customer)).status).toBe(403)
    await send('POST', `/internal/reservations/${order}/commit`, { auth: as.service })
    expect((await live()).body.items).toEqual([])
    const missing = await send('GET', `/api/products/${crypto.randomUUID()}/reservations`, { auth: as.admin })
    expect(missing.status).toBe(404)
  })

  it('When an admin lists only inactive or only active products, then the list is that; a customer may not ask for inactive ones', async () => {
    const off = await newProduct(1, { active: false, name: 'Retired Kettle' })
    const list = async (query: string, auth = as.admin) => {
      const res = await send('GET', `/api/products?${query}&limit=100`, { auth })
      return { status: res.status, body: res.body }
    }
    const inactive = (await list('active=false')).body.items
    expect(inactive.map((p: any) => p.id)).toContain(off)
    expect(inactive.every((p: any) => !p.active)).toBe(true)
    expect((await list('active=true')).body.items.every((p: any) => p.active)).toBe(true)
    expect((await list('active=false', as.customer)).status).toBe(403)
  })
})
