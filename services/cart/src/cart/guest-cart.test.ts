import { describe, expect, it } from 'vitest'
import { catalog, product, startCart } from '../testing.ts'

const mug = product('11111111-1111-4111-8111-111111111111', 'Mug', { available: 100 })
const lamp = product('22222222-2222-4222-8222-222222222222', 'Lamp', { available: 3 })
const { send, as, customer } = await startCart(catalog([mug, lamp]))
const names = (cart: any) => cart.items.map((i: any) => `${i.name} x${i.quantity}`).sort()

describe('guest carts (the web app, for shoppers who have not signed in)', () => {
  it('When the web app fills a guest cart, then it prices it like any cart, and no one else may reach it', async () => {
    const guest = `/internal/guest-carts/${crypto.randomUUID()}`
    expect(
      (await send('POST', `${guest}/items`, { body: { productId: mug.id, quantity: 2 }, auth: as.web })).status,
    ).toBe(201)
    expect(names((await send('GET', guest, { auth: as.web })).body)).toEqual(['Mug x2'])
    expect((await send('GET', guest, { auth: as.service })).status).toBe(403)
    expect((await send('GET', guest, { auth: as.ann })).status).toBe(403)
    expect((await send('GET', guest)).status).toBe(401)
    expect((await send('GET', '/internal/guest-carts/not-a-uuid', { auth: as.web })).status).toBe(400)
  })

  it('When a guest signs in, then the guest cart joins the account’s (added to its lines), lines it cannot take are counted, and the guest cart is empty', async () => {
    const guest = `/internal/guest-carts/${crypto.randomUUID()}`
    const userId = crypto.randomUUID()
    const account = await customer(userId)
    await send('POST', `${guest}/items`, { body: { productId: mug.id, quantity: 1 }, auth: as.web })
    await send('POST', `${guest}/items`, { body: { productId: lamp.id, quantity: 3 }, auth: as.web })
    // the account already holds a lamp: 1 + 3 is more than the 3 available
    await send('POST', '/api/cart/items', { body: { productId: lamp.id, quantity: 1 }, auth: account })
    const merged = await send('POST', `${guest}/merge`, { body: { userId }, auth: as.web })
    expect(merged.body).toEqual({ merged: 1, skipped: 1 })
    expect(names((await send('GET', '/api/cart', { auth: account })).body)).toEqual(['Lamp x1', 'Mug x1'])
    expect(names((await send('GET', guest, { auth: as.web })).body)).toEqual([])
    expect((await send('POST', `${guest}/merge`, { body: { userId: 'x' }, auth: as.web })).status).toBe(400)
    expect((await send('POST', `${guest}/merge`, { body: { userId }, auth: as.service })).status).toBe(403)
  })
})
