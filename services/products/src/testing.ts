import { join } from 'node:path'
import { baseTestSettings, startServiceUnderTest } from '@shopfront/kit/testing'
import { createApp } from './app.ts'
import { productsSettings } from './settings.ts'

export const settings = productsSettings.parse({
  ...baseTestSettings,
  catalog: {
    demo: false,
    pictures: { maxUploadBytes: 2_000_000, maxMegapixels: 50, keepUnusedDays: 2, sweepIntervalMs: 3_600_000 },
  },
  stock: { reservationTtlSeconds: 900, sweepIntervalMs: 1000 },
  smtp: { host: '127.0.0.1', port: 1025, from: 'Shopfront <no-reply@shopfront.dev>' },
  shop: { publicUrl: 'http://shop.test', mailDomain: 'products.test' },
})

/**
 * The products app under the kit's test harness; `as` holds the Authorization headers of
 * an admin, a customer and the services that call it (`service` is sales).
 */
export async function startProducts() {
  const service = await startServiceUnderTest({
    name: 'products',
    settings,
    migrations: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    createApp: (deps) => createApp(deps),
  })
  const as = {
    admin: service.as.admin,
    customer: service.as.customer,
    service: await service.as.service('sales'),
    cart: await service.as.service('cart'),
    support: await service.as.service('support'),
    users: await service.as.service('users'),
  }
  return { ...service, as }
}

let sku = 0
/** A valid product body with a fresh SKU. */
export function productBody(overrides: Record<string, unknown> = {}) {
  sku += 1
  return {
    sku: `T-${Date.now().toString(36)}-${sku}`,
    name: `Test product ${sku}`,
    price: { amount: 1000, currency: 'USD' },
    stock: 10,
    ...overrides,
  }
}
