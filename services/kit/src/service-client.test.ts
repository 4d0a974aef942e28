import { afterAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import * as z from 'zod'
import { createBreakers } from './breaker.ts'
import { createStaticDiscovery } from './discovery/discovery.ts'
import { AppError } from './errors.ts'
import { createServiceApp } from './http/service-app.ts'
import { createMemoryLogger } from './logger.ts'
import { listen } from './serve.ts'
import { createServiceClient } from './service-client.ts'

type Seen = {
  instance: string
  method: string
  path: string
  requestId?: string
  auth?: string
  type?: string
  body?: string
}
const seen: Seen[] = []
const answered: string[] = []

function upstream(instance: string, behaviour: { failWith?: number; delayMs?: number } = {}) {
  const { logger } = createMemoryLogger()
  const app = createServiceApp({ logger })
  // the same things at /internal/things/*: the routes a service's own token goes to
  app.all('*', async (c) => {
    const path = c.req.path.replace(/^\/internal/, '')
    seen.push({
      instance,
      method: c.req.method,
      path: c.req.path + (new URL(c.req.url).search || ''),
      requestId: c.req.header('x-request-id'),
      auth: c.req.header('authorization'),
      type: c.req.header('content-type'),
      body: await c.req.text(),
    })
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs))
    answered.push(`${instance} ${c.req.path}`)
    if (behaviour.failWith)
      return c.json(
        { type: 'about:blank', title: 'x', status: behaviour.failWith, detail: `${instance} failed` },
        behaviour.failWith as 500,
      )
    if (path === '/things/missing') throw new AppError('not_found', 'No such thing.')
    // only a token made after the neighbour's last key rotation is taken here (the kit's verifier says so as this)
    if (path === '/things/guarded' && c.req.header('authorization') !== 'Bearer fresh-token')
      throw new AppError('unauthorized', 'The token was signed with an unknown key.', {
        internal: { wwwAuthenticate: 'Bearer realm="shopfront", error="invalid_token"' },
      })
    if (path === '/things/sign-in') throw new AppError('unauthorized', 'Invalid e-mail or password.')
    if (path === '/things/for-sales') throw new AppError('forbidden', 'This endpoint is for sales only, not things.')
    if (path === '/things/explained') throw new AppError('unavailable', 'The payment provider is unavailable.')
    if (path === '/things/odd') return c.json({ unexpected: true })
    return c.json({ instance, ok: true })
  })
  return listen(app as unknown as Hono, { port: 0 })
}

const healthyA = upstream('a')
const healthyB = upstream('b')
const broken = upstream('broken', { failWith: 503 })
// far slower than any client timeout here: a timeout is told apart from an answer by what happened first, not by the clock
const slow = upstream('slow', { delayMs: 5000 })
const servers = [healthyA, healthyB, broken, slow]
afterAll(async () => {
  for (const s of servers) await s.stop(true)
})

function client(urls: string[], options: Partial<Parameters<typeof createServiceClient>[0]> = {}) {
  const breakers = createBreakers()
  const discovery = createStaticDiscovery({ things: urls })
  return {
    breakers,
    client: createServiceClient({ service: 'things', discovery, breakers, timeoutMs: 200, backoffMs: 1, ...options }),
  }
}
const answer = z.object({ instance: z.string(), ok: z.boolean() })

describe('the service client', () => {
  it('When two instances are healthy, then calls alternate between them and carry the request id, and the service token to internal routes', async () => {
    const { client: things } = client([healthyA.url, healthyB.url], { credentials: () => 'service-token' })
    seen.length = 0
    const answers = []
    for (let i = 0; i < 4; i++)
      answers.push(
        (await things.get('/internal/things/1', { schema: answer, requestId: `r-${i}`, query: { q: 'a b' } })).instance,
      )
    expect(answers.sort()).toEqual(['a', 'a', 'b', 'b'])
    expect(seen[0]).toMatchObject({ path: '/internal/things/1?q=a+b', requestId: 'r-0', auth: 'Bearer service-token' })
  })

  it('When a file is sent (an upload), then it goes as the body, as it is, with its own type; JSON goes as JSON', async () => {
    const { client: things } = client([healthyA.url])
    seen.length = 0
    await things.post('/things/pictures', { file: new Blob(['GIF89a…'], { type: 'image/gif' }), schema: answer })
    await things.post('/things/pictures', { file: new Blob(['bytes']), schema: answer })
    await things.post('/things', { body: { name: 'a' }, schema: answer })
    expect(seen.map(({ type, body }) => ({ type, body }))).toEqual([
      { type: 'image/gif', body: 'GIF89a…' },
      { type: 'application/octet-stream', body: 'bytes' },
      { type: 'application/json', body: '{"name":"a"}' },
    ])
  })

  it('When an idempotent call meets a failing instance, then it is retried on another and succeeds', async () => {
    const { client: things } = client([broken.url, healthyA.url])
    for (let i = 0; i < 4; i++)
      expect(await things.get('/things/2', { schema: answer })).toEqual({ instance: 'a', ok: true })
  })

  it('When a POST meets a failing instance, then it is not retried and the error says it is retryable', async () => {
    const { client: things } = client([broken.url])
    seen.length = 0
    const error = await things.post('/things/3', { body: { n: 1 } }).catch((e) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ type: 'unavailable', retryable: true, detail: 'broken failed' })
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1)
  })

  it('When nothing listens at an instance, then even a POST goes to another instance, since it was never sent', async () => {
    const { client: things, breakers } = client(['http://127.0.0.1:1', healthyB.url])
    for (let i = 0; i < 3; i++)
      expect(await things.post('/things/4', { body: { n: i }, schema: answer })).toEqual({ instance: 'b', ok: true })
    expect(breakers.states()).toMatchObject({ 'things@things-1': 'open' })
  })

  it('When the neighbour answers a 4xx problem, then it comes back as that AppError, without retry or fallback', async () => {
    const { client: things } = client([healthyA.url])
    let fellBack = false
    const error = await things.get('/things/missing', { fallback: () => ((fellBack = true), null) }).catch((e) => e)
    expect(error).toMatchObject({ type: 'not_found', status: 404, detail: 'No such thing.', retryable: false })
    expect(fellBack).toBe(false)
  })

  it('When the neighbour is too slow, then the call times out as a retryable 504-type error', async () => {
    const { client: things } = client([slow.url], { retries: 0 })
    const error = await things.get('/things/5').catch((e) => e)
    expect(error).toMatchObject({ type: 'timeout', status: 504, retryable: true })
    expect(seen.some((s) => s.instance === 'slow' && s.path === '/things/5')).toBe(true)
    expect(answered).not.toContain('slow /things/5')
  })

  it('When every instance fails, then the fallback answers instead', async () => {
    const { client: things } = client([broken.url])
    const result = await things.get('/things/6', {
      fallback: (err) => ({ instance: 'fallback', ok: false, because: err.type }),
    })
    expect(result).toEqual({ instance: 'fallback', ok: false, because: 'unavailable' })
  })

  it('When no instance is registered, then the error is a retryable 503 at once', async () => {
    const { client: things } = client([])
    await expect(things.get('/things/7')).rejects.toMatchObject({
      status: 503,
      retryable: true,
      detail: 'No healthy instance of things is registered.',
    })
  })

  it('When an instance keeps failing, then its breaker opens and calls stop reaching it', async () => {
    const { client: things, breakers } = client([broken.url], { retries: 0 })
    for (let i = 0; i < 4; i++) await things.get('/things/8').catch(() => {})
    expect(breakers.states()['things@things-1']).toBe('open')
    seen.length = 0
    await expect(things.get('/things/8')).rejects.toMatchObject({
      type: 'unavailable',
      detail: 'things is failing; its circuit breaker is open.',
    })
    expect(seen).toHaveLength(0)
  })

  it('When an instance explains its 503 (problem+json: something behind it is down), then the error comes through and its breaker stays closed', async () => {
    const { client: things, breakers } = client([healthyA.url], { retries: 0 })
    for (let i = 0; i < 6; i++)
      await expect(things.post('/things/explained')).rejects.toMatchObject({
        status: 503,
        detail: 'The payment provider is unavailable.',
      })
    expect(breakers.states()['things@things-1']).toBe('closed')
    expect((await things.get('/things/1', { schema: answer })).ok).toBe(true)
  })

  it('When the answer does not match the schema, then it is a 502', async () => {
    const { client: things } = client([healthyA.url])
    await expect(things.get('/things/odd', { schema: answer })).rejects.toMatchObject({
      status: 502,
      type: 'bad_gateway',
    })
  })
})

describe("the service's own credentials", () => {
  /** Credentials that hand out a stale token until asked for a fresh one (or always, with `fresh: 'stale-token'`). */
  const tokens = (fresh = 'fresh-token') => {
    const asked: boolean[] = []
    const credentials = ({ fresh: renew = false } = {}) => {
      asked.push(renew)
      return renew ? fresh : 'stale-token'
    }
    return { asked, credentials }
  }

  it('When a neighbour refuses the service token once, then the call goes again with a fresh one and succeeds', async () => {
    const { asked, credentials } = tokens()
    const { client: things } = client([healthyA.url], { credentials })
    expect(await things.get('/internal/things/guarded', { schema: answer })).toEqual({ instance: 'a', ok: true })
    expect(asked).toEqual([false, true])
  })

  it("When a neighbour refuses the service's token for good, then the caller gets a 502 that is this service's, not the neighbour's 401", async () => {
    const { logger, lines } = createMemoryLogger()
    const { client: things } = client([healthyA.url], { credentials: tokens('stale-token').credentials, logger })
    const error = await things.post('/internal/things/guarded', { body: {} }).catch((e) => e)
    expect(error).toMatchObject({
      type: 'bad_gateway',
      status: 502,
      detail: "things refused this service's credentials.",
    })
    expect(lines.filter((e) => e.msg === "a neighbour refused this service's credentials")).toMatchObject([
      { level: 'error', service: 'things', status: 401, error: 'The token was signed with an unknown key.' },
    ])
  })

  it('When a neighbour answers 401 or 403 about the request itself (a wrong password, a route not for this service), then it comes back as it is, sent once', async () => {
    const { asked, credentials } = tokens()
    const { client: things } = client([healthyA.url], { credentials })
    seen.length = 0
    expect(await things.post('/internal/things/sign-in', { body: {} }).catch((e) => e)).toMatchObject({ status: 401 })
    expect(await things.post('/internal/things/for-sales', { body: {} }).catch((e) => e)).toMatchObject({ status: 403 })
    expect(seen.map((s) => s.path)).toEqual(['/internal/things/sign-in', '/internal/things/for-sales'])
    expect(asked).toEqual([false, false])
  })

  it("When the call carries the caller's own token and the neighbour refuses it, then the caller's 401 comes back as it is", async () => {
    const { asked, credentials } = tokens()
    const { client: things } = client([healthyA.url], { credentials })
    const error = await things
      .get('/internal/things/guarded', { authorization: 'Bearer a-customer-token' })
      .catch((e) => e)
    expect(error).toMatchObject({ type: 'unauthorized', status: 401 })
    expect(asked).toEqual([])
  })

  it('When the service cannot get its credentials (users refuses its secret), then the caller gets a 502; when users is down, a 503', async () => {
    const refusing = () => Promise.reject(new AppError('unauthorized', 'Unknown client or wrong secret.'))
    const { client: things } = client([healthyA.url], { credentials: refusing })
    expect(await things.get('/internal/things/6').catch((e) => e)).toMatchObject({ type: 'bad_gateway', status: 502 })
    const down = () => Promise.reject(new AppError('unavailable', 'users cannot be reached.'))
    const { client: others } = client([healthyA.url], { credentials: down })
    expect(await others.get('/internal/things/7').catch((e) => e)).toMatchObject({ type: 'unavailable', status: 503 })
  })

  it('When a call goes to a public route, then it carries no service token, and works while users cannot give one', async () => {
    const down = () => Promise.reject(new AppError('unavailable', 'users cannot be reached.'))
    const { client: things } = client([healthyA.url], { credentials: down })
    seen.length = 0
    expect(await things.get('/things/8', { schema: answer })).toEqual({ instance: 'a', ok: true })
    expect(seen[0]?.auth).toBeUndefined()
    expect(await things.get('/internal/things/8').catch((e) => e)).toMatchObject({ status: 503 })
  })
})

describe('the request context', () => {
  it('When a service calls a neighbour while serving a request, then the call carries that request id without being told, each request its own', async () => {
    const { client: things } = client([healthyA.url])
    const { logger } = createMemoryLogger()
    const app = createServiceApp({ logger })
    app.get('/relay/:n', async (c) => {
      // an await in between, as domain code has: the context survives it
      await new Promise((r) => setTimeout(r, 5 * Number(c.req.param('n'))))
      await things.get(`/things/relay-${c.req.param('n')}`)
      return c.text('ok')
    })
    await Promise.all(
      [1, 2, 3].map((n) => app.request(`/relay/${n}`, { headers: { 'x-request-id': `req-relay-${n}` } })),
    )
    for (const n of [1, 2, 3])
      expect(seen.find((s) => s.path === `/things/relay-${n}`)?.requestId).toBe(`req-relay-${n}`)
    // outside a request (background work) nothing is invented
    await things.get('/things/background')
    expect(seen.find((s) => s.path === '/things/background')?.requestId).toBeUndefined()
  })
})
