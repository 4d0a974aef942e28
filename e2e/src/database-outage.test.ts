import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startTcpProxy, until } from '@shopfront/kit/testing'
import { startApiPlatform, type Platform } from './platform.ts'
import { dbUrl, shopClient, type Answer } from './shop.ts'

// every app reaches PostgreSQL through a relay the test can cut, as a database restart does
const real = new URL(inject('testDatabaseUrl'))
const relay = await startTcpProxy(real.hostname, Number(real.port || 5432))
let platform: Platform
let shop: ReturnType<typeof shopClient>

beforeAll(async () => {
  const through = new URL(real)
  through.port = String(relay.port)
  platform = await startApiPlatform({
    apps: ['gateway', 'users', 'products', 'cart', 'sales'],
    database: through.toString(),
    overrides: {
      'sales-test.yml': 'checkout:\n  leaseSeconds: 3\n  recoveryIntervalMs: 500\n',
    },
  })
  shop = shopClient(platform)
}, 90_000)
afterAll(async () => {
  relay.restore()
  await platform?.stop()
  await relay.close()
}, 30_000)

/** What came back, counted by status and detail, for a failure message. */
const tally = (answers: Answer[]) => {
  const counts = new Map<string, number>()
  for (const a of answers) {
    const key = `${a.status} ${a.body?.detail ?? a.body?.status ?? ''}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return JSON.stringify(Object.fromEntries(counts))
}

const card = { cardNumber: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' }

describe('a database outage under load', () => {
  it('When PostgreSQL goes away during checkouts and comes back, then clients hear retryable 503s, never a 500, the services recover by themselves, and no change is left half done', async () => {
    const admin = await shop.admin()
    const productId = await shop.createProduct(admin, { stock: 1000, price: 500 })
    const shoppers = await shop.shoppers(8, 'outage')
    const answers: Answer[] = []
    const broken: string[] = []
    let running = true
    // a shopper at a human-ish pace (the gateway's rate limits stay out of it): a fresh cart, one
    // unit, pay; the product page now and then
    const loop = async (token: string) => {
      for (let round = 0; running; round++) {
        try {
          answers.push(await shop.call('DELETE', '/api/cart', { token }))
          const add = await shop.call('POST', '/api/cart/items', { token, body: { productId, quantity: 1 } })
          answers.push(add)
          if (add.status === 201)
            answers.push(
              await shop.call('POST', '/api/checkout', {
                token,
                body: { payment: card },
                headers: { 'idempotency-key': crypto.randomUUID() },
              }),
            )
          if (round % 10 === 0) answers.push(await shop.call('GET', `/api/products/${productId}`))
        } catch (err) {
          // the gateway itself never goes away: a connection it dropped is a failure too
          if (running) broken.push((err as Error).message)
        }
        await new Promise((r) => setTimeout(r, 250))
      }
    }
    const loops = shoppers.map((s) => loop(s.token))
    try {
      await until(() => answers.filter((a) => a.status === 201).length >= 8, {
        timeoutMs: 30_000,
        what: 'checkouts before the outage',
      })
      relay.cut()
      await until(() => answers.filter((a) => a.status === 503).length >= 5, {
        timeoutMs: 30_000,
        what: '503s during the outage',
      })
      await new Promise((r) => setTimeout(r, 1500))
      relay.restore()
      const restoredAt = answers.length
      // the services notice by themselves (health checks, pool reconnects, breakers' trial calls)
      await until(
        () => answers.slice(restoredAt).filter((a) => a.status === 201 && a.body?.status === 'paid').length >= 3,
        { timeoutMs: 60_000, what: 'paid checkouts after the outage' },
      ).catch(async (err) => {
        const critical = await (await fetch(`${platform.registryUrl}/v1/health/state/critical`)).text()
        throw new Error(
          `${err.message}; answers since: ${tally(answers.slice(restoredAt))}; critical checks: ${critical}; products said: ${platform
            .output('products')
            .split('\n')
            .filter((l) => !l.includes('"msg":"request"'))
            .slice(-15)
            .join('\n')}; sales said: ${platform.output('sales').slice(-1500)}; gateway breakers: ${(
            await (await fetch(`${platform.gatewayUrl}/metrics`)).text()
          )
            .split('\n')
            .filter((l) => l.includes('proxy:sales'))
            .join('\n')}`,
        )
      })
    } finally {
      running = false
      relay.restore()
      await Promise.all(loops)
    }

    expect(broken).toEqual([])
    // a 503 (the database, or a service, is unavailable) or a 504 (a neighbour waiting on its
    // database did not answer in time), each retryable; never a 500
    expect(
      answers
        .filter((a) => a.status >= 500 && a.status !== 503 && a.status !== 504)
        .map((a) => [a.status, a.body?.detail]),
    ).toEqual([])
    const unavailable = answers.filter((a) => a.status === 503 || a.status === 504)
    expect(answers.some((a) => a.status === 503)).toBe(true)
    for (const a of unavailable) expect(a.body?.retryable, JSON.stringify(a.body)).toBe(true)
    expect(unavailable.some((a) => a.headers.get('retry-after'))).toBe(true)

    // nothing half done: once recovery has run, no order is pending, and the stock sold is the stock paid for
    const sales = postgres(dbUrl(platform, 'sales'), { max: 1, onnotice: () => {} })
    const products = postgres(dbUrl(platform, 'products'), { max: 1, onnotice: () => {} })
    try {
      await until(
        async () => Number((await sales`select count(*) from orders where status = 'pending'`)[0]!.count) === 0,
        { timeoutMs: 20_000, what: 'no pending order' },
      )
      const [paid] =
        await sales`select coalesce(sum(l.quantity), 0)::int as units from order_lines l join orders o on o.id = l.order_id where o.status = 'paid'`
      await until(
        async () =>
          Number((await products`select count(*) from reservations where status = 'reserved'`)[0]!.count) === 0,
        { timeoutMs: 20_000, what: 'no stock held' },
      )
      const [stock] = await products`select on_hand, reserved from products where id = ${productId}`
      expect(stock).toEqual({ on_hand: 1000 - paid!.units, reserved: 0 })
    } finally {
      await sales.end()
      await products.end()
    }
  }, 180_000)
})
