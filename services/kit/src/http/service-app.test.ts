import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { AppError } from '../errors.ts'
import { createMemoryLogger } from '../logger.ts'
import { createMetrics } from '../metrics.ts'
import { createServiceApp } from './service-app.ts'
import { readJson, readQuery } from './validate.ts'
import { readMetric } from '../testing/metrics.ts'

function makeApp(checks: Record<string, () => unknown> = {}) {
  const { logger, lines } = createMemoryLogger()
  const metrics = createMetrics({ service: 'test', defaults: false })
  const app = createServiceApp({
    logger,
    metrics,
    health: { checks, details: () => ({ breakers: { 'x@1': 'closed' } }) },
    maxBodyBytes: 64,
  })
  app.post('/items', async (c) =>
    c.json(await readJson(c, z.object({ name: z.string().min(1), price: z.number().int().min(0) })), 201),
  )
  app.get('/items', (c) => c.json(readQuery(c, z.object({ limit: z.coerce.number().int().min(1).max(100) }))))
  app.get('/items/:id', (c) => {
    throw new AppError('not_found', `No item ${c.req.param('id')}.`)
  })
  app.get('/boom', () => {
    throw new Error('secret internals')
  })
  return { app, lines, metrics }
}

const post = (app: ReturnType<typeof makeApp>['app'], body: string, type = 'application/json') =>
  app.request('/items', { method: 'POST', body, headers: { 'content-type': type } })

describe('the service app every service starts from', () => {
  it('When a request comes with an X-Request-Id, then the answer and the log line carry it', async () => {
    const { app, lines } = makeApp()
    const res = await app.request('/items?limit=5', { headers: { 'x-request-id': 'abc-123' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBe('abc-123')
    expect(lines.at(-1)).toMatchObject({
      msg: 'request',
      requestId: 'abc-123',
      method: 'GET',
      route: '/items',
      status: 200,
    })
  })

  it('When no request id comes, then one is made', async () => {
    const { app } = makeApp()
    const res = await app.request('/items?limit=5')
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('When the body is invalid, then each bad field is named in a 400 problem', async () => {
    const { app } = makeApp()
    const res = await post(app, JSON.stringify({ name: '', price: -1 }))
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const problem = await res.json()
    expect(problem).toMatchObject({
      type: 'https://shopfront.dev/problems/validation',
      title: 'Invalid request',
      status: 400,
      instance: '/items',
    })
    expect(problem.errors.map((e: any) => e.path)).toEqual(['name', 'price'])
    expect(problem.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('When the body is malformed JSON, the wrong type, or too large, then 400, 415 and 413 problems', async () => {
    const { app } = makeApp()
    expect((await post(app, '{"name": ')).status).toBe(400)
    expect((await post(app, 'name=x', 'application/x-www-form-urlencoded')).status).toBe(415)
    const big = await post(app, JSON.stringify({ name: 'x'.repeat(200), price: 1 }))
    expect(big.status).toBe(413)
    expect((await big.json()).type).toBe('https://shopfront.dev/problems/payload-too-large')
  })

  it('When the query is invalid, then a 400 problem names it', async () => {
    const { app } = makeApp()
    const res = await app.request('/items?limit=10000')
    expect(res.status).toBe(400)
    expect((await res.json()).errors[0].path).toBe('limit')
  })

  it('When a route is unknown, or a handler throws an AppError, then the problem says so', async () => {
    const { app } = makeApp()
    const missing = await app.request('/nowhere')
    expect(missing.status).toBe(404)
    expect((await missing.json()).detail).toBe('No route for GET /nowhere.')
    const notFound = await app.request('/items/42')
    expect(await notFound.json()).toMatchObject({ status: 404, detail: 'No item 42.', retryable: false })
  })

  it('When a handler fails unexpectedly, then the client gets an opaque 500 and the log has the error', async () => {
    const { app, lines } = makeApp()
    const res = await app.request('/boom')
    expect(res.status).toBe(500)
    expect(JSON.stringify(await res.json())).not.toContain('secret internals')
    expect(lines.find((l) => l.msg === 'unhandled error')).toMatchObject({ err: { message: 'secret internals' } })
  })

  it('When answers go out, then they carry secure headers', async () => {
    const { app } = makeApp()
    const res = await app.request('/items?limit=1')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('When a readiness check fails, then /health/ready is 503 and says which; /health/live stays 200', async () => {
    const { app } = makeApp({ database: () => Promise.reject(new Error('connection refused')), cache: () => true })
    const ready = await app.request('/health/ready')
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({
      status: 'down',
      checks: { database: { status: 'down', error: 'connection refused' }, cache: { status: 'up' } },
      breakers: { 'x@1': 'closed' },
    })
    expect((await app.request('/health/live')).status).toBe(200)
  })

  it('When requests were served, then /metrics has them by route and status', async () => {
    const { app } = makeApp()
    await app.request('/items?limit=1')
    await app.request('/items/7')
    const text = await (await app.request('/metrics')).text()
    expect(
      readMetric(text, 'http_request_duration_seconds_count', { route: '/items', status: '200', service: 'test' }),
    ).toBe(1)
    expect(readMetric(text, 'http_request_duration_seconds_count', { route: '/items/:id', status: '404' })).toBe(1)
  })
})

describe('the body limit', () => {
  it('When a chunked body crosses the limit, then it is a 413 problem although no length was declared', async () => {
    const { app } = makeApp()
    const chunks = ['{"name": "', 'x'.repeat(40), 'y'.repeat(40), '", "price": 1}']
    const body = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
        controller.close()
      },
    })
    const res = await app.request('/items', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })
})

describe('larger bodies under a path (uploads)', () => {
  it('When a path takes larger bodies, then a body over the usual limit is read there, and still refused elsewhere and over its own limit', async () => {
    const { logger } = createMemoryLogger()
    const app = createServiceApp({ logger, maxBodyBytes: 64, largerBodies: { '/uploads': 1000 } })
    app.post('/uploads/pictures', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }, 201))
    app.post('/items', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }, 201))
    const send = (path: string, bytes: number) => app.request(path, { method: 'POST', body: 'x'.repeat(bytes) })
    const upload = await send('/uploads/pictures', 500)
    expect(upload.status).toBe(201)
    expect(await upload.json()).toEqual({ bytes: 500 })
    expect((await send('/uploads/pictures', 1001)).status).toBe(413)
    expect((await send('/items', 500)).status).toBe(413)
    expect((await send('/items', 64)).status).toBe(201)
  })
})
