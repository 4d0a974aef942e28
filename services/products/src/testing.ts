import { join } from 'node:path'
import { afterAll } from 'vitest'
import { connectDatabase, createMemoryLogger, createTokenVerifier, migrateDatabase } from '@shopfront/kit'
import { baseTestSettings, createTestDatabase, createTestIssuer, staticConfig } from '@shopfront/kit/testing'
import { createApp } from './app.ts'
import { productsSettings } from './settings.ts'

export const settings = productsSettings.parse({
  ...baseTestSettings,
  catalog: { demo: false },
  stock: { reservationTtlSeconds: 900, sweepIntervalMs: 1000 },
})

/**
 * The products app in-process over a fresh migrated database, with tokens from a test
 * issuer: `as.admin`, `as.customer`, `as.service` give the Authorization header of each.
 */
export async function startProducts() {
  const testDb = await createTestDatabase('products')
  const database = await connectDatabase(testDb.url, { max: 20 })
  await migrateDatabase(database, join(import.meta.dirname, '../drizzle'))
  const issuer = await createTestIssuer()
  const verifier = createTokenVerifier({
    fetchJwks: async () => issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
  })
  const { logger, lines } = createMemoryLogger('products')
  const app = createApp({ db: database.db, config: staticConfig(settings), logger, verifier })
  const bearer = async (roles: string[], sub: string) => ({
    authorization: `Bearer ${await issuer.sign({ roles, sub })}`,
  })
  const as = {
    admin: await bearer(['admin'], 'admin-1'),
    customer: await bearer(['customer'], 'customer-1'),
    service: await bearer(['service'], 'service:sales'),
    cart: await bearer(['service'], 'service:cart'),
    support: await bearer(['service'], 'service:support'),
  }
  afterAll(async () => {
    await database.close()
    await testDb.drop()
  })
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
  return { app, sql: database.sql, db: database.db, as, issuer, logLines: lines, send }
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
