import { describe, expect, it } from 'vitest'
import { documentedAnswers } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { catalog, product, startCart } from '../testing.ts'

const mug = product('11111111-1111-4111-8111-111111111111', 'Mug', { unitPrice: 1200, available: 100 })
const lamp = product('22222222-2222-4222-8222-222222222222', 'Lamp', { unitPrice: 4500, available: 3 })
const kettle = product('33333333-3333-4333-8333-333333333333', 'Kettle', { unitPrice: 3000 })
const tray = product('44444444-4444-4444-8444-444444444444', 'Tray', { unitPrice: 800 })
const products = catalog([mug, lamp, kettle, tray].map((p) => ({ ...p })))
const { send, as, sql, customer } = await startCart(products)
/** A shopper of the test's own, with an empty cart: no test depends on another's. */
const shopper = () => customer(`user-${crypto.randomUUID().slice(0, 8)}`)
const userOf = (auth: string) => JSON.parse(Buffer.from(auth.split('.')[1], 'base64url').toString()).sub as string
const lines = async (user: string) =>
  Number((await sql`select count(*) from cart_lines where user_id = ${user}`)[0].count)
const documented = await documentedAnswers(openApiDocument)

describe('a shopper’s cart', () => {
  it('When a user adds products, then the cart shows catalog names and prices, line totals and the subtotal', async () => {
    const me = await shopper()
    expect((await send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 2 }, auth: me })).status).toBe(
      201,
    )
    const res = await send('POST', '/api/cart/items', { body: { productId: lamp.id }, auth: me })
    expect(res.body).toEqual({
      items: [
        { productId: mug.id, name: 'Mug', unitPrice: 1200, quantity: 2, lineTotal: 2400, available: 100, status: 'ok' },
        { productId: lamp.id, name: 'Lamp', unitPrice: 4500, quantity: 1, lineTotal: 4500, available: 3, status: 'ok' },
      ],
      subtotal: 6900,
      currency: 'USD',
      stale: false,
    })
  })

  it('When a cart with several lines is shown, then the catalog is asked once for all of them', async () => {
    await send('POST', '/api/cart/items', { body: { productId: kettle.id }, auth: as.bob })
    await send('POST', '/api/cart/items', { body: { productId: tray.id }, auth: as.bob })
    const before = products.lookups
    expect((await send('GET', '/api/cart', { auth: as.bob })).body.items).toHaveLength(2)
    expect(products.lookups - before).toBe(1)
    await send('DELETE', '/api/cart', { auth: as.bob })
  })

  it('When the same product is added again, then it adds to its line; PATCH sets it; DELETE removes it', async () => {
    const me = await shopper()
    await send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 2 }, auth: me })
    await send('POST', '/api/cart/items', { body: { productId: lamp.id }, auth: me })
    await send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 3 }, auth: me })
    expect((await send('GET', '/api/cart', { auth: me })).body.items[0].quantity).toBe(5)
    expect(
      (await send('PATCH', `/api/cart/items/${mug.id}`, { body: { quantity: 1 }, auth: me })).body.items[0].quantity,
    ).toBe(1)
    expect((await send('DELETE', `/api/cart/items/${mug.id}`, { auth: me })).status).toBe(204)
    expect((await send('DELETE', `/api/cart/items/${mug.id}`, { auth: me })).status).toBe(404)
    expect((await send('GET', '/api/cart', { auth: me })).body.items.map((i: any) => i.name)).toEqual(['Lamp'])
  })

  it('When two users use carts, then neither sees the other’s', async () => {
    const [ann, bob] = [await shopper(), await shopper()]
    await send('POST', '/api/cart/items', { body: { productId: mug.id }, auth: ann })
    await send('POST', '/api/cart/items', { body: { productId: tray.id }, auth: bob })
    expect((await send('GET', '/api/cart', { auth: bob })).body.items.map((i: any) => i.name)).toEqual(['Tray'])
    expect((await send('GET', '/api/cart', { auth: ann })).body.items.map((i: any) => i.name)).not.toContain('Tray')
    expect((await send('DELETE', `/api/cart/items/${tray.id}`, { auth: ann })).status).toBe(404)
  })

  it('When the input is bad or limits are crossed, then a 4xx problem and nothing changes', async () => {
    const me = await shopper()
    await send('POST', '/api/cart/items', { body: { productId: lamp.id }, auth: me })
    const before = await lines(userOf(me))
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/cart/items', { productId: 'nope' }, 400],
      ['POST', '/api/cart/items', { productId: mug.id, quantity: 0 }, 400],
      ['POST', '/api/cart/items', { productId: mug.id, quantity: 1.5 }, 400],
      ['POST', '/api/cart/items', { productId: mug.id, price: 1 }, 400],
      ['POST', '/api/cart/items', '{"productId":', 400],
      ['POST', '/api/cart/items', { productId: '99999999-9999-4999-8999-999999999999' }, 422],
      ['POST', '/api/cart/items', { productId: mug.id, quantity: 61 }, 422],
      ['POST', '/api/cart/items', { productId: lamp.id, quantity: 3 }, 409],
      ['PATCH', `/api/cart/items/${kettle.id}`, { quantity: 2 }, 404],
      ['PATCH', `/api/cart/items/${lamp.id}`, { quantity: 4 }, 409],
      ['PATCH', `/api/cart/items/${lamp.id}`, {}, 400],
    ]
    for (const [method, path, payload, status] of cases) {
      const res = await send(method, path, { body: payload, auth: me })
      expect(res.status, `${method} ${path} ${JSON.stringify(payload)}`).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      // each refusal is one the API document states, with the members it says
      const template = path.replace(/\/items\/[^/]+$/, '/items/{productId}')
      expect(documented(method.toLowerCase(), template, status, res.body), `${method} ${path}`).toEqual([])
    }
    const short = await send('POST', '/api/cart/items', { body: { productId: lamp.id, quantity: 3 }, auth: me })
    expect(short.body).toMatchObject({ productId: lamp.id, available: 3 })
    expect(await lines(userOf(me))).toBe(before)
    expect((await send('GET', '/api/cart')).status).toBe(401)
  })

  it('When the cart is full, then one more product is a 422; emptying it clears every line', async () => {
    const me = await shopper()
    await send('POST', '/api/cart/items', { body: { productId: lamp.id }, auth: me })
    await send('POST', '/api/cart/items', { body: { productId: mug.id }, auth: me })
    await send('POST', '/api/cart/items', { body: { productId: kettle.id }, auth: me })
    const full = await send('POST', '/api/cart/items', { body: { productId: tray.id }, auth: me })
    expect(full.status).toBe(422)
    expect(full.body.detail).toMatch(/at most 3 different products/)
    expect((await send('DELETE', '/api/cart', { auth: me })).status).toBe(204)
    expect(await lines(userOf(me))).toBe(0)
  })

  it('When 50 adds of one product race, then the quantity is their sum', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () =>
        send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 1 }, auth: as.bob }).then(
          (r) => r.status,
        ),
      ),
    )
    expect(statuses.every((s) => s === 201)).toBe(true)
    expect(
      (await sql`select quantity from cart_lines where user_id = 'user-bob' and product_id = ${mug.id}`)[0].quantity,
    ).toBe(50)
    // racing past a limit: exactly up to it, the rest refused, never a lost update
    const more = await Promise.all(
      Array.from({ length: 15 }, () =>
        send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 1 }, auth: as.bob }).then(
          (r) => r.status,
        ),
      ),
    )
    expect(more.filter((s) => s === 201)).toHaveLength(10)
    expect(more.filter((s) => s === 422)).toHaveLength(5)
    expect(
      (await sql`select quantity from cart_lines where user_id = 'user-bob' and product_id = ${mug.id}`)[0].quantity,
    ).toBe(60)
    await send('DELETE', '/api/cart', { auth: as.bob })
  })

  it('When a product becomes inactive or short, then its line is flagged and left out of the subtotal if inactive', async () => {
    await send('DELETE', '/api/cart', { auth: as.ann })
    await send('POST', '/api/cart/items', { body: { productId: tray.id, quantity: 5 }, auth: as.ann })
    await send('POST', '/api/cart/items', { body: { productId: kettle.id, quantity: 2 }, auth: as.ann })
    products.change(tray.id, { available: 2 })
    products.change(kettle.id, { active: false })
    const view = (await send('GET', '/api/cart', { auth: as.ann })).body
    expect(view.items.map((i: any) => [i.name, i.status])).toEqual([
      ['Tray', 'short'],
      ['Kettle', 'inactive'],
    ])
    expect(view.subtotal).toBe(5 * 800)
    products.change(tray.id, { available: 10 })
    products.change(kettle.id, { active: true })
  })

  it('When the catalog cannot be reached, then the cart is shown from what was last seen, marked stale, and adding is a retryable 503', async () => {
    products.change(tray.id, { unitPrice: 900 })
    await send('GET', '/api/cart', { auth: as.ann })
    products.down = true
    try {
      const view = (await send('GET', '/api/cart', { auth: as.ann })).body
      expect(view.stale).toBe(true)
      expect(view.items.find((i: any) => i.name === 'Tray').unitPrice).toBe(900)
      const add = await send('POST', '/api/cart/items', { body: { productId: mug.id }, auth: as.ann })
      expect(add.status).toBe(503)
      expect(add.body.retryable).toBe(true)
      expect((await send('PATCH', `/api/cart/items/${tray.id}`, { body: { quantity: 1 }, auth: as.ann })).status).toBe(
        200,
      )
    } finally {
      products.down = false
    }
    expect((await send('GET', '/api/cart', { auth: as.ann })).body.stale).toBe(false)
  })
})

describe('internal endpoints for sales', () => {
  it('When sales reads a user’s cart and takes an order’s lines off it, then only the bought quantities leave, once per order; others are refused', async () => {
    await send('DELETE', '/api/cart', { auth: as.bob })
    await send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 2 }, auth: as.bob })
    const read = await send('GET', '/internal/carts/user-bob', { auth: as.service })
    expect(read.body.items.map((i: any) => i.name)).toContain('Mug')
    expect((await send('GET', '/internal/carts/user-bob', { auth: as.ann })).status).toBe(403)
    expect((await send('GET', '/internal/carts/user-bob', { auth: as.support })).status).toBe(403)
    // bob bought 2 mugs; meanwhile, in another tab, he added one more and a tray
    await send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 1 }, auth: as.bob })
    await send('POST', '/api/cart/items', { body: { productId: tray.id, quantity: 1 }, auth: as.bob })
    const order = { orderId: crypto.randomUUID(), lines: [{ productId: mug.id, quantity: 2 }] }
    expect((await send('POST', '/internal/carts/user-bob/checked-out', { body: order })).status).toBe(401)
    expect((await send('POST', '/internal/carts/user-bob/checked-out', { body: order, auth: as.support })).status).toBe(
      403,
    )
    expect((await send('POST', '/internal/carts/user-bob/checked-out', { body: order, auth: as.service })).status).toBe(
      204,
    )
    expect((await send('POST', '/internal/carts/user-bob/checked-out', { body: order, auth: as.service })).status).toBe(
      204,
    )
    const left = (await send('GET', '/api/cart', { auth: as.bob })).body.items.map((i: any) => [i.name, i.quantity])
    expect(left.sort()).toEqual([
      ['Mug', 1],
      ['Tray', 1],
    ])
    // the whole line bought: it goes
    const whole = await send('POST', '/internal/carts/user-bob/checked-out', {
      body: {
        orderId: crypto.randomUUID(),
        lines: [
          { productId: mug.id, quantity: 1 },
          { productId: tray.id, quantity: 1 },
        ],
      },
      auth: as.service,
    })
    expect(whole.status, whole.text).toBe(204)
    expect(await lines('user-bob')).toBe(0)
  })
})

describe('bad input', () => {
  it('When a line names a product with NUL or invalid text, then it is a 400 and the cart is unchanged', async () => {
    const before = await lines('user-bob')
    expect((await send('POST', '/api/cart/items', { body: { productId: 'a\u0000b' }, auth: as.bob })).status).toBe(400)
    expect((await send('PATCH', '/api/cart/items/%00', { body: { quantity: 1 }, auth: as.bob })).status).toBe(400)
    expect(await lines('user-bob')).toBe(before)
  })
})

describe('forgetting a deleted account', () => {
  it('When users has a deleted account forgotten, then its cart and what was remembered of its orders go, other carts stay, and only users may ask', async () => {
    const leaving = await shopper()
    const staying = await shopper()
    for (const auth of [leaving, staying])
      await send('POST', '/api/cart/items', { body: { productId: mug.id, quantity: 1 }, auth })
    const gone = userOf(leaving)
    const order = { orderId: crypto.randomUUID(), lines: [{ productId: tray.id, quantity: 1 }] }
    await send('POST', `/internal/carts/${gone}/checked-out`, { body: order, auth: as.service })
    for (const auth of [as.service, as.ann, undefined])
      expect((await send('DELETE', `/internal/carts/${gone}`, { auth })).status).not.toBe(204)
    expect(await lines(gone)).toBe(1)

    expect((await send('DELETE', `/internal/carts/${gone}`, { auth: as.users })).status).toBe(204)
    expect((await send('DELETE', `/internal/carts/${gone}`, { auth: as.users })).status).toBe(204)
    expect(await lines(gone)).toBe(0)
    expect(await sql`select 1 from checked_out_orders where user_id = ${gone}`).toEqual([])
    expect(await lines(userOf(staying))).toBe(1)
  })
})
