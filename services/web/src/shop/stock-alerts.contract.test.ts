import { contractTest, refusal, present } from '@shopfront/kit/testing'
import { productBody, startProducts } from '@shopfront/products/testing'
import { expect, it } from 'vitest'
import type { Staff } from '../admin/staff.ts'
import { bare, fakePorts, portsToOne } from './contract-worlds.ts'
import type { Shop } from './shop.ts'

/** A shop whose "tell me when it is back" alerts are asked about: a shopper's token, and products with stock. */
interface AlertsWorld {
  shop: Shop
  /** The back office's port, and an admin's token for it. */
  staff: Staff
  adminToken: string
  /** A signed-in shopper products can write to: their access token. */
  shopper(): Promise<string>
  /** A product on sale with this many available (none: sold out), or not sold at all: its id. */
  productWith(available: number, active?: boolean): Promise<string>
  /** The shop stops selling the product (an admin deactivates it). */
  stopSelling(productId: string): Promise<void>
}

async function fakeWorld(): Promise<AlertsWorld> {
  const { fake, ...ports } = await fakePorts()
  return {
    ...ports,
    adminToken: 'any (the fake asks no token)',
    shopper: async () => (await fake.shop.login(fake.ann.email, 'correct-horse')).accessToken,
    async productWith(available, active = true) {
      const id = crypto.randomUUID()
      fake.catalog.push({
        ...present(fake.catalog[0], "the catalog's first product"),
        id,
        active,
        available,
        stock: { onHand: available, reserved: 0 },
      })
      return id
    },
    async stopSelling(productId) {
      present(
        fake.catalog.find((p) => p.id === productId),
        'the product',
      ).active = false
    },
  }
}

async function realWorld(): Promise<AlertsWorld> {
  const products = await startProducts()
  return {
    ...portsToOne('products', products.app),
    adminToken: bare(products.as.admin),
    async shopper() {
      const id = crypto.randomUUID()
      return products.issuer.sign({ sub: id, contact: { email: `${id.slice(0, 8)}@example.com`, name: 'Pat' } })
    },
    async productWith(available, active = true) {
      const made = await products.send('POST', '/api/products', {
        body: productBody({ stock: available, active }),
        auth: products.as.admin,
      })
      return made.body.id as string
    },
    async stopSelling(productId) {
      await products.send('DELETE', `/api/products/${productId}`, { auth: products.as.admin })
    },
  }
}

contractTest('back-in-stock alerts', { fake: fakeWorld, real: realWorld }, (world) => {
  it('When a shopper waits for a product sold out, then the alert is theirs to see and list until they stop', async () => {
    const { shop, shopper, productWith } = await world
    const [token, productId] = [await shopper(), await productWith(0)]
    expect(await shop.stockAlert(token, productId)).toBeUndefined()
    await shop.watchStock(token, productId)
    await shop.watchStock(token, productId)
    const alert = await shop.stockAlert(token, productId)
    expect(alert).toEqual({ productId, name: expect.any(String), active: true, since: expect.any(String) })
    expect(await shop.stockAlerts(token)).toEqual([alert])
    await shop.stopWatching(token, productId)
    await shop.stopWatching(token, productId)
    expect(await shop.stockAlert(token, productId)).toBeUndefined()
    expect(await shop.stockAlerts(token)).toEqual([])
  })

  it('When the shop stops selling a product waited for, then the alert stays, saying so, until the shopper stops it', async () => {
    const { shop, shopper, productWith, stopSelling } = await world
    const [token, productId] = [await shopper(), await productWith(0)]
    await shop.watchStock(token, productId)
    await stopSelling(productId)
    expect(await shop.stockAlert(token, productId)).toMatchObject({ productId, active: false })
    expect(await shop.stockAlerts(token)).toMatchObject([{ productId, active: false }])
    await shop.stopWatching(token, productId)
    expect(await shop.stockAlerts(token)).toEqual([])
  })

  it('When the product can be bought now, then it is a 409 in_stock with how many; one not sold is a 404', async () => {
    const { shop, shopper, productWith } = await world
    const token = await shopper()
    expect(await refusal(shop.watchStock(token, await productWith(4)))).toMatchObject({
      status: 409,
      extras: { code: 'in_stock', available: 4 },
    })
    expect(await refusal(shop.watchStock(token, await productWith(0, false)))).toMatchObject({ status: 404 })
    expect(await shop.stockAlerts(token)).toEqual([])
  })

  it('When staff ask how many wait for a product, then the count of shoppers and since when the first waits, also among the products most waited for', async () => {
    const { shop, staff, adminToken, shopper, productWith } = await world
    const productId = await productWith(0)
    expect(await staff.waiting(adminToken, productId)).toEqual({ waiting: 0, since: null })
    const token = await shopper()
    await shop.watchStock(token, productId)
    const since = (await shop.stockAlert(token, productId))?.since
    expect(await staff.waiting(adminToken, productId)).toEqual({ waiting: 1, since })
    const awaited = await staff.demand(adminToken, 50)
    expect(awaited.find((p) => p.productId === productId)).toEqual({
      productId,
      name: expect.any(String),
      waiting: 1,
      since,
    })
  })
})
