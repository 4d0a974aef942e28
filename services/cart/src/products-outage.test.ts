import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { connectDatabase, createTokenVerifier, listen, migrateDatabase, prepareService } from '@shopfront/kit'
import {
  createProcesses,
  createTestDatabase,
  createTestIssuer,
  freePort,
  type RunningProcess,
  type Sent,
  sender,
  until,
} from '@shopfront/kit/testing'
import { startConfigServer, testToken } from '@shopfront/config-server/testing'
import { startRegistry } from '@shopfront/registry/testing'
import { createApp } from './app.ts'
import { neighboursOverHttp } from './neighbours/neighbours.ts'
import { cartSettings } from './settings.ts'
import { tokensFor } from './testing.ts'

const root = join(import.meta.dirname, '../../..')
const settingsFile = (name: string) => readFileSync(join(root, 'config-server/settings', name), 'utf8')
const procs = createProcesses()
const productsDb = `products_${crypto.randomUUID().slice(0, 8)}`
const productId = '55555555-5555-4555-8555-555555555555'
let products: RunningProcess
let cleanup: (() => Promise<unknown>)[] = []
let send: (method: string, path: string, body?: unknown) => Promise<Sent>
let env: Record<string, string>
let breakerStates: () => Record<string, string>
const productsPort = freePort()
const productsBreaker = `products@products-127.0.0.1-${productsPort}`

/** users as cart and products need it here: the JWKS products checks tokens with, and service tokens for cart's batch lookups. */
async function usersStandIn(registry: ReturnType<typeof startRegistry>) {
  const issuer = await createTestIssuer()
  const app = new Hono()
    .get('/health/live', (c) => c.text('ok'))
    .get('/.well-known/jwks.json', (c) => c.json(issuer.jwks()))
    .post('/internal/service-token', async (c) =>
      c.json({
        accessToken: await issuer.sign({ sub: 'service:cart', roles: ['service'] }),
        tokenType: 'Bearer',
        expiresIn: 900,
      }),
    )
  const server = listen(app, { port: 0 })
  await registry.consul.agent.service.register({
    name: 'users',
    id: 'users-stand-in',
    address: '127.0.0.1',
    port: server.port,
    check: { http: `${server.url}/health/live`, interval: '300ms', timeout: '300ms' },
  } as never)
  return server
}

let registry: ReturnType<typeof startRegistry>
beforeAll(async () => {
  registry = startRegistry()
  const users = await usersStandIn(registry)
  const config = await startConfigServer(
    {
      'application.yml': settingsFile('application.yml'),
      'application-test.yml':
        'registry:\n  checkInterval: 300ms\n  checkTimeout: 300ms\nclients:\n  timeoutMs: 500\n  breaker:\n    resetTimeoutMs: 1000\n',
      'products.yml': settingsFile('products.yml').replace('demo: true', 'demo: false'),
      'cart.yml': settingsFile('cart.yml'),
      // the repository's settings, {cipher} values included, with the development key they were made with
    },
    { encryptKey: 'shopfront-development-key' },
  )
  const testDb = await createTestDatabase('cart')
  env = {
    CONSUL_HTTP_ADDR: `127.0.0.1:${registry.port}`,
    CONFIG_SERVER_URL: config.url,
    CONFIG_TOKEN: testToken,
    PROFILES: 'test',
    DATABASE_URL: testDb.url,
    DATABASE_NAME: productsDb,
    HTTP_PORT: String(productsPort),
  }
  products = procs.start('products', ['bun', join(root, 'services/products/src/main.ts')], env)
  await until(
    async () =>
      ((await registry.consul.health.service({ service: 'products', passing: true })) as unknown[]).length === 1,
    { timeoutMs: 20_000, what: 'products passing' },
  )

  const productsSql = (await connectDatabase(testDb.url.replace(/\/[^/]*$/, `/${productsDb}`))).sql
  await productsSql`insert into products (id, sku, name, price_amount, on_hand) values (${productId}, 'OUT-1', 'Outage Mug', 1500, 50)`
  await productsSql.end()

  const { DATABASE_NAME: _productsOnly, HTTP_PORT: _samePort, ...cartEnv } = env
  const base = await prepareService('cart', cartSettings, { env: cartEnv })
  const cartDb = await connectDatabase(testDb.url)
  await migrateDatabase(cartDb, join(import.meta.dirname, '../drizzle'))
  const issuer = await createTestIssuer()
  const verifier = createTokenVerifier({
    fetchJwks: async () => issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
  })
  const app = createApp({
    db: cartDb.db,
    config: base.config,
    logger: base.logger,
    neighbours: neighboursOverHttp(base.client),
    verifier,
  })
  breakerStates = () => base.breakers.states()
  const { ann } = await tokensFor((sub, roles) => issuer.sign({ sub, roles }).then((t) => `Bearer ${t}`))
  send = (method, path, body) => sender(app)(method, path, { body, auth: ann })
  cleanup = [
    () => procs.stopAll(),
    () => base.close(),
    () => cartDb.close(),
    () => testDb.drop(),
    () => config.close(),
    () => users.stop(true),
    () => registry.close(),
  ]
}, 60_000)

afterAll(async () => {
  for (const step of cleanup) await step()
})

const view = async () => (await send('GET', '/api/cart')).body

describe('the cart while the real products service goes down and comes back', () => {
  it('When products is up, then adding checks it and the view is fresh', async () => {
    expect((await send('POST', '/api/cart/items', { productId, quantity: 2 })).status).toBe(201)
    expect(await view()).toMatchObject({ stale: false, subtotal: 3000, items: [{ name: 'Outage Mug', quantity: 2 }] })
  })

  it('When products is stopped, then the view comes from what was last seen, marked stale, and adding is a quick retryable 503', async () => {
    await products.stop('SIGKILL')
    const shown = await view()
    expect(shown).toMatchObject({
      stale: true,
      subtotal: 3000,
      items: [{ name: 'Outage Mug', quantity: 2, status: 'ok' }],
    })
    const add = await send('POST', '/api/cart/items', { productId, quantity: 1 })
    expect(add.status).toBe(503)
    expect(add.body.retryable).toBe(true)
    // failures past half of the recent calls open the breaker (the calls before the outage
    // succeeded, so it takes a few); each of these is as quick a 503
    const opened = () => /open/i.test(String(breakerStates()[productsBreaker]))
    for (let i = 0; i < 5 && !opened(); i++)
      expect((await send('POST', '/api/cart/items', { productId, quantity: 1 })).status).toBe(503)
    // the dead instance is no longer called: its breaker opened, or (a slow machine) the
    // registry's check had already taken it out, so no call reached the breaker at all
    const listed = (await registry.consul.health.service({ service: 'products', passing: true })) as unknown[]
    expect(opened() || listed.length === 0).toBe(true)
  })

  it('When products is back, then answers are fresh again and adding works', async () => {
    products = procs.start('products', ['bun', join(root, 'services/products/src/main.ts')], env)
    await until(async () => (await view()).stale === false, { timeoutMs: 20_000, stepMs: 200, what: 'fresh cart' })
    expect((await send('POST', '/api/cart/items', { productId, quantity: 1 })).status).toBe(201)
    expect((await view()).items[0].quantity).toBe(3)
    // the same instance came back: its breaker closed again
    expect(breakerStates()[productsBreaker]).toBe('closed')
  })
})
