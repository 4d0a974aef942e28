import { join } from 'node:path'
import { AppError } from '@shopfront/kit'
import { baseTestSettings, present, startServiceUnderTest } from '@shopfront/kit/testing'
import { createApp } from './app.ts'
import type { ProductInfo, ProductsPort } from './neighbours/neighbours.ts'
import { cartSettings } from './settings.ts'

export const settings = cartSettings.parse({
  ...baseTestSettings,
  clients: { ...baseTestSettings.clients, timeoutMs: 500 },
  cart: { maxQuantityPerLine: 60, maxLines: 3, guestCartDays: 90 },
})

/** A product the catalog sells, in USD: `product(id, 'Mug', { unitPrice: 1200, available: 100 })`. */
export const product = (id: string, name: string, { unitPrice = 1000, available = 10 } = {}): ProductInfo => ({
  id,
  name,
  unitPrice,
  currency: 'USD',
  available,
  active: true,
})

/** A catalog of the test's own, standing at the products seam; `down = true` makes it fail as an unreachable service does. */
export function catalog(products: ProductInfo[]) {
  const byId = new Map(products.map((p) => [p.id, p]))
  /** A product changes in the catalog: its price, its stock, whether it is sold. */
  const change = (id: string, changes: Partial<ProductInfo>) => {
    Object.assign(present(byId.get(id), `product ${id} in the catalog`), changes)
  }
  const port: ProductsPort & {
    down: boolean
    change: typeof change
    add: (p: ProductInfo) => void
    lookups: number
  } = {
    down: false,
    change,
    /** A product comes into the catalog. */
    add: (p) => byId.set(p.id, p),
    lookups: 0,
    async get(id) {
      if (port.down) throw new AppError('unavailable', 'products cannot be reached.')
      const p = byId.get(id)
      return p?.active ? p : undefined
    },
    async lookup(ids) {
      port.lookups++
      if (port.down) throw new AppError('unavailable', 'products cannot be reached.')
      return new Map(
        ids.flatMap((id) => {
          const p = byId.get(id)
          return p ? [[id, p] as const] : []
        }),
      )
    },
  }
  return port
}

/** The Authorization headers of two shoppers and of the services that call the cart. */
export async function tokensFor(sign: (sub: string, roles: string[]) => Promise<string>) {
  return {
    ann: await sign('user-ann', ['customer']),
    bob: await sign('user-bob', ['customer']),
    service: await sign('service:sales', ['service']),
    support: await sign('service:support', ['service']),
    web: await sign('service:web', ['service']),
    users: await sign('service:users', ['service']),
  }
}

/** The cart app under the kit's test harness, with `products` at the seam; `customer(sub)` is a shopper's Authorization header. */
export async function startCart(products: ProductsPort) {
  const service = await startServiceUnderTest({
    name: 'cart',
    settings,
    migrations: join(import.meta.dirname, '../drizzle'),
    createApp: (deps) => createApp({ ...deps, neighbours: { products } }),
  })
  return {
    ...service,
    customer: (sub: string) => service.token(sub, ['customer']),
    as: await tokensFor(service.token),
  }
}
