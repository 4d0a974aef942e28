import { createBreakers, createServiceClient, createStaticDiscovery, listen } from '@shopfront/kit'
import { startCart } from '@shopfront/cart/testing'
import { productsOverHttp } from '@shopfront/cart/neighbours'
import { reservationCodes } from '@shopfront/products/contract'
import { startProducts } from '@shopfront/products/testing'
import { signedInCustomer, startOwnUsers } from '@shopfront/users/testing'
import { contractTest, refusal } from '@shopfront/kit/testing'
import { afterAll, expect, it } from 'vitest'
import { fakeNeighbours } from '../testing.ts'
import { type Neighbours, neighboursOverHttp } from './neighbours.ts'

/**
 * The neighbours as sales sees them, set up for one scenario: through the seam's fake, or
 * through the real HTTP adapter against the real users, products and cart apps. The same
 * scenarios run on both, so the fake the checkout tests use cannot drift from the services.
 */
interface World {
  neighbours: Neighbours
  addProduct(onHand: number): Promise<string>
  deactivate(id: string): Promise<void>
  stock(id: string): Promise<{ onHand: number; reserved: number }>
  fillCart(userId: string, lines: Record<string, number>): Promise<void>
  /** A user (with a shipping address kept, opted in to promotions, as asked); their id. */
  person(email: string, as: { address?: boolean; optIn?: boolean }): Promise<string>
}

const kept = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' }

function fakeWorld(): World {
  const fake = fakeNeighbours()
  return {
    neighbours: fake.neighbours,
    addProduct: async (onHand) => fake.addProduct({ onHand, unitPrice: 500 }),
    async deactivate(id) {
      const product = fake.products.get(id)
      if (product) product.active = false
    },
    stock: async (id) => fake.stock(id),
    async fillCart(userId, lines) {
      fake.customer(userId, lines)
    },
    async person(email, { address = false, optIn = false }) {
      const id = crypto.randomUUID()
      const name = email.split('@')[0] ?? email
      fake.contacts.set(id, { id, email, name, shippingAddress: address ? kept : null })
      if (optIn) fake.optedIn.push({ id, email, name, unsubscribeToken: crypto.randomUUID() })
      return id
    },
  }
}

async function realWorld(): Promise<World> {
  const products = await startProducts()
  const productsServer = listen(products.app, { port: 0 })
  const discovery = createStaticDiscovery({ products: [productsServer.url] })
  const clientOf = (service: string, authorization?: string) =>
    createServiceClient({ service, discovery, breakers: createBreakers(), credentials: () => authorization })
  const cart = await startCart(productsOverHttp(clientOf('products', products.as.cart)))
  const cartServer = listen(cart.app, { port: 0 })
  // users of their own: the opted-in list is all of theirs
  const users = await startOwnUsers()
  const usersServer = listen(users.app, { port: 0 })
  const sales = createStaticDiscovery({
    products: [productsServer.url],
    cart: [cartServer.url],
    users: [usersServer.url],
  })
  afterAll(async () => {
    await usersServer.stop(true)
    await users.close()
    await cartServer.stop(true)
    await productsServer.stop(true)
  })
  const asSales = { products: products.as.service, cart: cart.as.service, users: `Bearer ${await users.service()}` }
  const neighbours = neighboursOverHttp((service) =>
    createServiceClient({
      service,
      discovery: sales,
      breakers: createBreakers(),
      credentials: () => asSales[service as keyof typeof asSales],
    }),
  )
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await products.send(method, path, { body, auth: products.as.admin })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return res.body as Record<string, unknown> | undefined
  }
  return {
    neighbours,
    async addProduct(onHand) {
      const sku = `C-${crypto.randomUUID().slice(0, 8)}`
      const made = await admin('POST', '/api/products', {
        sku,
        name: sku,
        price: { amount: 500, currency: 'USD' },
        stock: onHand,
      })
      return String(made?.id)
    },
    async deactivate(id) {
      await admin('DELETE', `/api/products/${id}`)
    },
    async stock(id) {
      return (await admin('GET', `/api/products/${id}`))?.stock as { onHand: number; reserved: number }
    },
    async fillCart(userId, lines) {
      const shopper = await cart.customer(userId)
      for (const [productId, quantity] of Object.entries(lines)) {
        const res = await cart.send('POST', '/api/cart/items', { body: { productId, quantity }, auth: shopper })
        if (res.status !== 201 && res.status !== 200) throw new Error(`add to cart: ${res.status} ${res.text}`)
      }
    },
    async person(email, { address = false, optIn = false }) {
      const auth = `Bearer ${(await signedInCustomer(users, email)).accessToken}`
      const changes = { ...(address ? { shippingAddress: kept } : {}), ...(optIn ? { marketingOptIn: true } : {}) }
      const me =
        address || optIn
          ? await users.send('PATCH', '/api/users/me', { body: changes, auth })
          : await users.send('GET', '/api/users/me', { auth })
      if (me.status !== 200) throw new Error(`profile: ${me.status} ${me.text}`)
      return me.body.id as string
    },
  }
}

const order = () => crypto.randomUUID()

contractTest('sales neighbours', { fake: fakeWorld, real: realWorld }, (world) => {
  it('When two orders reserve more than there is, then the second is refused as out_of_stock with what is available and held, and holds nothing', async () => {
    const { neighbours, addProduct, stock } = await world
    const p = await addProduct(3)
    await neighbours.reserve(order(), [{ productId: p, quantity: 2 }], 600)
    const err = await refusal(neighbours.reserve(order(), [{ productId: p, quantity: 2 }], 600))
    expect(err).toMatchObject({ status: 409, extras: { code: reservationCodes.outOfStock, available: 1, held: 2 } })
    expect(err.detail).toMatch(/2 more are held by checkouts under way and may come back/)
    expect(await stock(p)).toEqual({ onHand: 3, reserved: 2 })
  })

  it('When one line of an order cannot be had, then none of its lines is held', async () => {
    const { neighbours, addProduct, stock } = await world
    const [plenty, scarce] = [await addProduct(5), await addProduct(1)]
    const err = await refusal(
      neighbours.reserve(
        order(),
        [
          { productId: plenty, quantity: 2 },
          { productId: scarce, quantity: 2 },
        ],
        600,
      ),
    )
    expect(err).toMatchObject({ status: 409, extras: { code: reservationCodes.outOfStock } })
    expect(await stock(plenty)).toEqual({ onHand: 5, reserved: 0 })
  })

  it('When an order reserves twice, then it holds once; commit takes the stock, return gives it back, release of nothing is fine', async () => {
    const { neighbours, addProduct, stock } = await world
    const p = await addProduct(4)
    const id = order()
    await neighbours.reserve(id, [{ productId: p, quantity: 3 }], 600)
    await neighbours.reserve(id, [{ productId: p, quantity: 3 }], 600)
    expect(await stock(p)).toEqual({ onHand: 4, reserved: 3 })
    await neighbours.commit(id)
    await neighbours.commit(id)
    expect(await stock(p)).toEqual({ onHand: 1, reserved: 0 })
    await neighbours.returnStock(id)
    expect(await stock(p)).toEqual({ onHand: 4, reserved: 0 })
    await neighbours.release(order())
    const released = order()
    await neighbours.reserve(released, [{ productId: p, quantity: 1 }], 600)
    await neighbours.release(released)
    expect(await stock(p)).toEqual({ onHand: 4, reserved: 0 })
  })

  it('When part of an order comes back under a key, then that part returns once; more than is still out is a 409; the rest follows whole', async () => {
    const { neighbours, addProduct, stock } = await world
    const [p, q] = [await addProduct(4), await addProduct(4)]
    const id = order()
    await neighbours.reserve(
      id,
      [
        { productId: p, quantity: 3 },
        { productId: q, quantity: 1 },
      ],
      600,
    )
    await neighbours.commit(id)
    const part = { key: 'ticket-1', lines: [{ productId: p, quantity: 2 }] }
    await neighbours.returnStock(id, part)
    await neighbours.returnStock(id, part)
    expect(await stock(p)).toEqual({ onHand: 3, reserved: 0 })
    expect(
      await refusal(neighbours.returnStock(id, { key: 'ticket-2', lines: [{ productId: p, quantity: 2 }] })),
    ).toMatchObject({ status: 409, extras: { productId: p, outstanding: 1 } })
    await neighbours.returnStock(id)
    expect([await stock(p), await stock(q)]).toEqual([
      { onHand: 4, reserved: 0 },
      { onHand: 4, reserved: 0 },
    ])
  })

  it('When a product is no longer sold, or does not exist, then reserving it is refused with its own code', async () => {
    const { neighbours, addProduct, deactivate } = await world
    const p = await addProduct(5)
    await deactivate(p)
    expect(await refusal(neighbours.reserve(order(), [{ productId: p, quantity: 1 }], 600))).toMatchObject({
      status: 409,
      extras: { code: reservationCodes.noLongerSold },
    })
    expect(
      await refusal(neighbours.reserve(order(), [{ productId: crypto.randomUUID(), quantity: 1 }], 600)),
    ).toMatchObject({ status: 422, extras: { code: reservationCodes.noSuchProduct } })
  })

  it('When products are looked up, then each known one comes with its price and whether it is sold; unknown ids are left out', async () => {
    const { neighbours, addProduct, deactivate } = await world
    const [sold, gone] = [await addProduct(1), await addProduct(1)]
    await deactivate(gone)
    const found = await neighbours.products([sold, gone, crypto.randomUUID()])
    expect(
      found
        .map(({ id, unitPrice, currency, active }) => ({ id, unitPrice, currency, active }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    ).toEqual(
      [
        { id: sold, unitPrice: 500, currency: 'USD', active: true },
        { id: gone, unitPrice: 500, currency: 'USD', active: false },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    )
  })

  it("When a paid order's lines leave the cart, twice, then they come off once and what was added meanwhile stays", async () => {
    const { neighbours, addProduct, fillCart } = await world
    const [mug, tea] = [await addProduct(10), await addProduct(10)]
    const shopper = `user-${crypto.randomUUID().slice(0, 8)}`
    await fillCart(shopper, { [mug]: 3, [tea]: 1 })
    const bought = [
      { productId: mug, quantity: 2 },
      { productId: tea, quantity: 1 },
    ]
    const id = order()
    await neighbours.clearBought(shopper, id, bought)
    await neighbours.clearBought(shopper, id, bought)
    expect(await neighbours.cartLines(shopper)).toEqual([{ productId: mug, quantity: 1 }])
  })

  it('When a user is asked for, then their e-mail, name and kept address come back (null when none is kept); an unknown one is a 404', async () => {
    const { neighbours, person } = await world
    const tag = crypto.randomUUID().slice(0, 8)
    const housed = await person(`housed-${tag}@example.com`, { address: true })
    expect(await neighbours.contact(housed)).toEqual({
      id: housed,
      email: `housed-${tag}@example.com`,
      name: `housed-${tag}`,
      shippingAddress: expect.objectContaining(kept),
    })
    const newcomer = await person(`new-${tag}@example.com`, {})
    expect((await neighbours.contact(newcomer)).shippingAddress).toBeNull()
    expect(await refusal(neighbours.contact(crypto.randomUUID()))).toMatchObject({ status: 404 })
  })

  it('When the opted-in are read in pages, then each comes once, by id, with an unsubscribe token, and those who did not opt in never', async () => {
    const { neighbours, person } = await world
    const tag = crypto.randomUUID().slice(0, 8)
    const ids: string[] = []
    for (const n of [1, 2, 3]) ids.push(await person(`fan${n}-${tag}@example.com`, { optIn: true }))
    await person(`quiet-${tag}@example.com`, {})
    const first = await neighbours.optedIn(null, 2)
    expect(first).toMatchObject({ total: 3, next: first.items[1]?.id })
    // exactly as many left as asked for: the last page, no next
    const second = await neighbours.optedIn(first.next, 1)
    expect(second).toMatchObject({ total: 3, next: null })
    const read = [...first.items, ...second.items]
    expect(read.map((r) => r.id)).toEqual(ids.sort())
    expect(read[0]).toEqual({
      id: expect.any(String),
      email: expect.stringMatching(/^fan\d-/),
      name: expect.stringMatching(/^fan\d-/),
      unsubscribeToken: expect.any(String),
    })
  })
})
