import { join } from 'node:path'
import { afterAll } from 'vitest'
import { connectDatabase, createMemoryLogger, createTokenVerifier, migrateDatabase, AppError } from '@shopfront/kit'
import { baseTestSettings, createTestDatabase, createTestIssuer, staticConfig } from '@shopfront/kit/testing'
import { createApp } from './app.ts'
import type { ProductInfo, ProductsPort } from './products/products-port.ts'
import { cartSettings } from './settings.ts'

export const settings = cartSettings.parse({
  ...baseTestSettings,
  clients: { ...baseTestSettings.clients, timeoutMs: 500 },
  cart: { maxQuantityPerLine: 60, maxLines: 3 },
})

/** A catalog of the test's own, standing at the products seam; `down = true` makes it fail as an unreachable service does. */
export function catalog(products: ProductInfo[]) {
  const byId = new Map(products.map((p) => [p.id, p]))
  const port: ProductsPort & { down: boolean; byId: typeof byId; lookups: number } = {
    down: false,
    byId,
    lookups: 0,
    async get(id) {
      if (port.down) throw new AppError('unavailable', 'products cannot be reached.')
      const p = byId.get(id)
      return p?.active ? p : undefined
    },
    async lookup(ids) {
      port.lookups++
      if (port.down) throw new AppError('unavailable', 'products cannot be reached.')
      return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])))
    },
  }
  return port
}

export async function tokensFor(issuer: Awaited<ReturnType<typeof createTestIssuer>>) {
  const bearer = async (roles: string[], sub: string) => ({
    authorization: `Bearer ${await issuer.sign({ roles, sub })}`,
  })
  return {
    ann: await bearer(['customer'], 'user-ann'),
    bob: await bearer(['customer'], 'user-bob'),
    service: await bearer(['service'], 'service:sales'),
    support: await bearer(['service'], 'service:support'),
    web: await bearer(['service'], 'service:web'),
  }
}

/** The cart app in-process over a fresh database, with `products` at the seam. */
export async function startCart(products: ProductsPort) {
  const testDb = await createTestDatabase('cart')
  const database = await connectDatabase(testDb.url, { max: 20 })
  await migrateDatabase(database, join(import.meta.dirname, '../drizzle'))
  const issuer = await createTestIssuer()
  const verifier = createTokenVerifier({
    fetchJwks: async () => issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
  })
  const { logger } = createMemoryLogger('cart')
  const app = createApp({ db: database.db, config: staticConfig(settings), logger, verifier, products })
  afterAll(async () => {
    await database.close()
    await testDb.drop()
  })
  const send = async (
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Response> =>
    app.request(path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
  /** The headers of a customer with this user id. */
  const customer = async (sub: string) => ({
    authorization: `Bearer ${await issuer.sign({ roles: ['customer'], sub })}`,
  })
  return { app, sql: database.sql, send, customer, as: await tokensFor(issuer) }
}
