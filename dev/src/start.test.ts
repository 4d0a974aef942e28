import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { createProcesses, freePort, until } from '@shopfront/kit/testing'

const root = join(import.meta.dirname, '../..')
const procs = createProcesses()
const dataDir = mkdtempSync(join(tmpdir(), 'shopfront-start-'))
const ports = {
  registry: freePort(),
  config: freePort(),
  postgres: freePort(),
  gateway: freePort(),
  smtp: freePort(),
  inbox: freePort(),
  sandbox: freePort(),
}
const env = {
  REGISTRY_PORT: String(ports.registry),
  CONFIG_SERVER_PORT: String(ports.config),
  EMBEDDED_PG_PORT: String(ports.postgres),
  GATEWAY_PORT: String(ports.gateway),
  INBOX_SMTP_PORT: String(ports.smtp),
  INBOX_HTTP_PORT: String(ports.inbox),
  SANDBOX_PORT: String(ports.sandbox),
  PAYMENTS_URL: '',
  SMTP_HOST: '',
  SHOPFRONT_DATA_DIR: dataDir,
  DATABASE_URL: '',
  CONSUL_HTTP_ADDR: '',
  REDIS_URL: '',
  NO_COLOR: '1',
}
const start = (args: string[] = []) => procs.start('start', ['bun', 'dev/src/start.ts', ...args], env, { cwd: root })
const pgUrl = `postgres://postgres:postgres@127.0.0.1:${ports.postgres}/postgres`
const portOpen = async (port: number) => (await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined)) !== undefined

/** A shopper's first minutes, over real HTTP through the gateway, the code read from the inbox's API: sign up, shop, pay. */
async function signUpAndShop() {
  const gateway = `http://127.0.0.1:${ports.gateway}`
  const json = (method: string, body: unknown, token?: string) => ({
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  expect(
    (
      await fetch(
        `${gateway}/api/auth/register`,
        json('POST', { email: 'newcomer@example.com', password: 'a long first password', name: 'New' }),
      )
    ).status,
  ).toBe(201)
  let code: string | undefined
  await until(
    async () => {
      const found = (await (
        await fetch(`http://127.0.0.1:${ports.inbox}/api/v2/search?kind=to&query=newcomer@example.com`)
      ).json()) as any
      // the subject carries the code (the body is MIME: text and HTML)
      code = /code: (\d{6})/.exec(found.items[0]?.Content.Headers.Subject?.[0] ?? '')?.[1]
      return code !== undefined
    },
    { timeoutMs: 10_000, what: 'the verification e-mail' },
  )
  expect(
    (await fetch(`${gateway}/api/auth/verify`, json('POST', { email: 'newcomer@example.com', code }))).status,
  ).toBe(200)
  const { accessToken } = (await (
    await fetch(
      `${gateway}/api/auth/login`,
      json('POST', { email: 'newcomer@example.com', password: 'a long first password' }),
    )
  ).json()) as any
  const [product] = ((await (await fetch(`${gateway}/api/products?q=lamp&inStock=true&limit=1`)).json()) as any).items
  const cart = await fetch(
    `${gateway}/api/cart/items`,
    json('POST', { productId: product.id, quantity: 2 }, accessToken),
  )
  expect(cart.status).toBe(201)
  expect((await cart.json()) as any).toMatchObject({ subtotal: product.price.amount * 2, stale: false })
  const address = { line1: '1 First St', city: 'Springfield', postalCode: '12345', country: 'US' }
  const order = await fetch(`${gateway}/api/checkout`, {
    ...json(
      'POST',
      {
        payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2031, cvc: '123' },
        shippingAddress: address,
      },
      accessToken,
    ),
    headers: { ...json('POST', {}, accessToken).headers, 'idempotency-key': crypto.randomUUID() },
  })
  const paid = (await order.json()) as any
  expect(order.status).toBe(201)
  expect(paid).toMatchObject({ status: 'paid', total: product.price.amount * 2 })
  await until(
    async () =>
      (
        (await (
          await fetch(`http://127.0.0.1:${ports.inbox}/api/v2/search?kind=to&query=newcomer@example.com`)
        ).json()) as any
      ).items.some((m: any) => m.Content.Headers.Subject[0] === `Your Shopfront order ${paid.number}`),
    { timeoutMs: 10_000, what: 'the order confirmation' },
  )
}

/** The README's first walk through the API, run by bash as a newcomer would paste it, against this start's ports. */
async function readmeWalk() {
  const readme = await Bun.file(join(root, 'README.md')).text()
  const block = /### A first walk through the API[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!
  const script = block
    .replace('G=http://localhost:8080', `G=http://localhost:${ports.gateway}`)
    .replace('INBOX=http://127.0.0.1:8025', `INBOX=http://127.0.0.1:${ports.inbox}`)
  const run = Bun.spawn(['timeout', '60', 'bash', '-c', script], { stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = [
    await new Response(run.stdout).text(),
    await new Response(run.stderr).text(),
    await run.exited,
  ]
  return { out, err, code }
}

afterAll(async () => {
  await procs.stopAll()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('bun start', () => {
  it('When started with nothing configured, then everything comes up, and a newcomer can sign up, verify, sign in, shop and pay through the gateway', async () => {
    const run = start()
    await until(() => run.output().includes('Shopfront is up'), { timeoutMs: 45_000, what: 'start-up' })
    expect(run.output()).toContain(`registry UI    http://127.0.0.1:${ports.registry}/ui/`)
    expect(run.output()).toContain(`config server  http://127.0.0.1:${ports.config}`)
    expect(run.output()).toContain(`gateway        http://localhost:${ports.gateway}`)
    expect(run.output()).toContain(`mail inbox     http://127.0.0.1:${ports.inbox}`)
    expect(run.output()).toContain(`payments       http://127.0.0.1:${ports.sandbox}`)
    expect(((await (await fetch(`http://127.0.0.1:${ports.inbox}/api/v2/messages`)).json()) as any).total).toBe(0)
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/health`)).status).toBe(200)
    // the demo catalog is loaded once and browsed through the gateway
    await until(
      async () =>
        ((await (await fetch(`http://127.0.0.1:${ports.gateway}/api/products?limit=1`)).json()) as any).total >= 60,
      { timeoutMs: 15_000, what: 'demo catalog through the gateway' },
    )
    const passing = await (
      await fetch(`http://127.0.0.1:${ports.registry}/v1/health/service/config-server?passing`)
    ).json()
    expect(passing).toHaveLength(1)
    await signUpAndShop()
    const walk = await readmeWalk()
    expect(walk.code, walk.err).toBe(0)
    expect(walk.out).toContain('"quantity":2') // the cart, filled with the token the code gave
    expect(walk.out).toContain('"status":"paid"')
    expect(walk.out).toMatch(/Your Shopfront order SF-\d+\n$/)
    const sql = postgres(pgUrl, { max: 1, onnotice: () => {} })
    await sql`create table kept (note text)`
    await sql`insert into kept values ('survives a restart')`
    await sql.end()

    expect(await run.stop('SIGINT')).toBe(0)
    const out = run.output()
    expect(out.indexOf('stopped gateway')).toBeLessThan(out.indexOf('stopped config-server'))
    expect(out.indexOf('stopped config-server')).toBeLessThan(out.indexOf('stopped registry'))
    expect(out.indexOf('stopped registry')).toBeLessThan(out.indexOf('stopped postgres'))
    expect(await portOpen(ports.registry)).toBe(false)
    expect(await portOpen(ports.config)).toBe(false)
    expect(await portOpen(ports.gateway)).toBe(false)
    expect(await portOpen(ports.inbox)).toBe(false)
    expect(await portOpen(ports.sandbox)).toBe(false)
  }, 60_000)

  it('When started again on the same data folder with two products, then the data is still there and both instances serve', async () => {
    const run = start(['--replicas', 'products=2'])
    await until(() => run.output().includes('Shopfront is up'), { timeoutMs: 45_000, what: 'second start-up' })
    const sql = postgres(pgUrl, { max: 1, onnotice: () => {} })
    expect(await sql`select note from kept`).toEqual([{ note: 'survives a restart' }])
    await sql.end()
    expect(run.output()).toContain('products is healthy (2 instances)')
    const instances = (await (
      await fetch(`http://127.0.0.1:${ports.registry}/v1/health/service/products?passing`)
    ).json()) as { Service: { ID: string } }[]
    expect(instances).toHaveLength(2)
    // the gateway balances over both: each logs some of the requests
    for (let i = 0; i < 20; i++)
      expect((await fetch(`http://127.0.0.1:${ports.gateway}/api/products/suggestions?q=caf`)).status).toBe(200)
    await until(
      () =>
        ['products       |', 'products-2     |'].every((tag) =>
          run
            .output()
            .split('\n')
            .some((l) => l.startsWith(tag) && l.includes('/api/products/suggestions')),
        ),
      { timeoutMs: 5000, what: 'requests at both instances' },
    )
    expect(run.output()).toContain(`database       postgres://`)
    expect(await run.stop('SIGTERM')).toBe(0)
  }, 60_000)

  it('When a port it needs is taken, then it says so in one line and exits 1', async () => {
    const squatter = Bun.serve({ port: ports.registry, hostname: '127.0.0.1', fetch: () => new Response('taken') })
    try {
      const run = start()
      const code = await run.proc.exited
      expect(code).toBe(1)
      const errors = run
        .output()
        .split('\n')
        .filter((l) => l.startsWith('error:'))
      expect(errors).toEqual([
        `error: port ${ports.registry} is taken (another Shopfront or a Consul?): stop it, set REGISTRY_PORT, or set CONSUL_HTTP_ADDR to use that Consul`,
      ])
      expect(run.output()).not.toMatch(/\n\s+at /)
      expect(run.output()).toContain('stopped postgres')
    } finally {
      squatter.stop(true)
    }
  }, 60_000)
})
