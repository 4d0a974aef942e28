import { createBreakers, createServiceClient, createStaticDiscovery, listen } from '@shopfront/kit'
import { contractTest } from '@shopfront/kit/testing'
import { productBody, startProducts } from '@shopfront/products/testing'
import { afterAll, expect, it } from 'vitest'
import { catalog, product } from '../testing.ts'
import { type ProductsPort, productsOverHttp } from './neighbours.ts'

/**
 * The catalog as the cart sees it, set up for one scenario: through the fake catalog the
 * cart tests use, or through the real HTTP adapter against the real products app. The same
 * scenarios run on both, so the fake cannot drift from the service.
 */
interface World {
  products: ProductsPort
  /** A product sold at `unitPrice` (USD) with `stock` on hand; its id. */
  add(name: string, unitPrice: number, stock: number): Promise<string>
  deactivate(id: string): Promise<void>
}

function fakeWorld(): World {
  const products = catalog([])
  return {
    products,
    async add(name, unitPrice, stock) {
      const id = crypto.randomUUID()
      products.add(product(id, name, { unitPrice, available: stock }))
      return id
    },
    async deactivate(id) {
      products.change(id, { active: false })
    },
  }
}

async function realWorld(): Promise<World> {
  const service = await startProducts()
  const server = listen(service.app, { port: 0 })
  afterAll(() => server.stop(true))
  const products = productsOverHttp(
    createServiceClient({
      service: 'products',
      discovery: createStaticDiscovery({ products: [server.url] }),
      breakers: createBreakers(),
      credentials: () => service.as.cart,
    }),
  )
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await service.send(method, path, { body, auth: service.as.admin })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return res.body as { id: string } | undefined
  }
  return {
    products,
    async add(name, unitPrice, stock) {
      const made = await admin(
        'POST',
        '/api/products',
        productBody({ name, price: { amount: unitPrice, currency: 'USD' }, stock }),
      )
      return String(made?.id)
    },
    async deactivate(id) {
      await admin('DELETE', `/api/products/${id}`)
    },
  }
}

contractTest('cart neighbours', { fake: fakeWorld, real: realWorld }, (world) => {
  it('When a sold product is asked for, then its name, price and what is available come back; one no longer sold, or unknown, is none', async () => {
    const { products, add, deactivate } = await world
    const mug = await add('Mug', 1200, 7)
    expect(await products.get(mug)).toEqual({
      id: mug,
      name: 'Mug',
      unitPrice: 1200,
      currency: 'USD',
      available: 7,
      active: true,
    })
    const gone = await add('Old mug', 900, 3)
    await deactivate(gone)
    expect(await products.get(gone)).toBeUndefined()
    expect(await products.get(crypto.randomUUID())).toBeUndefined()
  })

  it('When several are looked up, then each known one comes, one no longer sold marked so; unknown ids are left out, and none asked is none', async () => {
    const { products, add, deactivate } = await world
    const [tea, lamp] = [await add('Tea', 450, 20), await add('Lamp', 3900, 2)]
    await deactivate(lamp)
    const found = await products.lookup([tea, lamp, crypto.randomUUID()])
    expect([...found.keys()].sort()).toEqual([tea, lamp].sort())
    expect(found.get(tea)).toMatchObject({ name: 'Tea', unitPrice: 450, available: 20, active: true })
    expect(found.get(lamp)).toMatchObject({ name: 'Lamp', active: false })
    expect((await products.lookup([])).size).toBe(0)
  })
})
