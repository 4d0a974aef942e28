import { describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { createTestIssuer } from '@shopfront/kit/testing'
import { echoUpstream, gatewayYml, startGatewayHarness } from './testing.ts'

const yml = () =>
  gatewayYml({
    maxBodyBytes: 10_000_000,
    corsOrigins: ['http://shop.example'],
    routes: [
      '{ prefix: /api/things, service: things, access: public }',
      '{ prefix: /api/things/slow, service: things, access: public, timeoutMs: 300 }',
      '{ prefix: /api/ghosts, service: ghosts, access: public }',
      '{ prefix: /api/flaky, service: flaky, access: public }',
      '{ prefix: /api/explains, service: explains, access: public }',
      '{ prefix: /api/broken, service: broken, access: public }',
    ],
  })

const issuer = await createTestIssuer()
const users = new Hono()
  .get('/health/live', (c) => c.text('ok'))
  .get('/.well-known/jwks.json', (c) => c.json(issuer.jwks()))
const gw = await startGatewayHarness(yml(), { upstreams: { things: echoUpstream('a'), users } })

/** A POST whose body streams in chunks (no Content-Length), `bytes` in all. */
function upload(bytes: number, chunkBytes: number) {
  const chunk = new Uint8Array(chunkBytes).fill(97)
  let sent = 0
  const body = new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      controller.enqueue(chunk)
      sent += chunk.byteLength
    },
  })
  return gw.fetch('/api/things/upload', { method: 'POST', body, duplex: 'half' } as RequestInit)
}

describe('proxying', () => {
  it('When a request is proxied, then the upstream sees forwarded headers, the request id and the token, and no internal or hop-by-hop headers', async () => {
    const token = await issuer.sign()
    const res = await gw.fetch('/api/things/1?x=1', {
      headers: {
        authorization: `Bearer ${token}`,
        'x-user-id': 'admin',
        'x-internal-caller': 'sales',
        connection: 'x-private, keep-alive',
        'x-private': 'hop',
        'x-request-id': 'req-42',
        host: 'shop.example',
      },
    })
    expect(res.status).toBe(200)
    const seen = (await res.json()) as any
    expect(seen).toMatchObject({ label: 'a', path: '/api/things/1', query: '?x=1' })
    expect(seen.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-request-id': 'req-42',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'shop.example',
      'x-forwarded-for': '127.0.0.1',
    })
    for (const name of ['x-user-id', 'x-internal-caller', 'x-private']) expect(seen.headers).not.toHaveProperty(name)
    expect(res.headers.get('x-request-id')).toBe('req-42')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('ratelimit-policy')).toBe('"default";q=100000;w=60')
  })

  it('When the upstream streams its answer, then the first chunk reaches the client before the upstream has finished', async () => {
    const res = await gw.fetch('/api/things/stream')
    const reader = res.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('first\n')
    // only now may the upstream finish
    expect((await gw.fetch('/api/things/stream/release', { method: 'POST' })).status).toBe(204)
    let rest = ''
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value)
    expect(rest).toBe('second\n')
  })

  it('When a large body is sent in chunks, then it arrives whole at the upstream', async () => {
    const res = await upload(5 * 1024 * 1024, 64 * 1024)
    expect(((await res.json()) as any).bytes).toBe(5 * 1024 * 1024)
  })

  it('When a client streams a body over the limit, then it is a 413 problem, and the instance it was going to is not blamed', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await upload(12 * 1024 * 1024, 1024 * 1024)
      expect(res.status).toBe(413)
      expect(((await res.json()) as any).type).toBe('https://shopfront.dev/problems/payload-too-large')
    }
    expect(Object.entries(gw.base.breakers.states()).filter(([name]) => name.startsWith('proxy:things@'))).toEqual([
      [expect.any(String), 'closed'],
    ])
    expect((await gw.fetch('/api/things/after')).status).toBe(200)
  })

  it('When a body is over the limit, then it is a 413 problem', async () => {
    const res = await gw.fetch('/api/things/upload', { method: 'POST', body: 'x'.repeat(10_000_001) })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })

  it('When no instance of the service is healthy, then it is a 503 problem with Retry-After', async () => {
    const res = await gw.fetch('/api/ghosts')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('2')
    expect(((await res.json()) as any).detail).toBe('No healthy instance of ghosts is available right now.')
  })

  it('When the upstream does not answer within the route timeout, then it is a 504 problem', async () => {
    const res = await gw.fetch('/api/things/slow?ms=1500')
    expect(res.status).toBe(504)
    expect(((await res.json()) as any).type).toBe('https://shopfront.dev/problems/timeout')
  })

  it('When a path reaches for internal endpoints or has no route, then it is a 404 problem', async () => {
    for (const path of ['/internal/stock', '/api/things/internal/x', '/api/things/%2e%2e/internal', '/nowhere']) {
      const res = await gw.fetch(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
  })

  it('When an allowed origin asks, then CORS lets it; another origin gets no CORS headers', async () => {
    const allowed = await gw.fetch('/api/things', {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.example', 'access-control-request-method': 'POST' },
    })
    expect(allowed.status).toBe(204)
    expect(Object.fromEntries(allowed.headers)).toMatchObject({
      'access-control-allow-origin': 'http://shop.example',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': expect.stringContaining('PATCH'),
      'access-control-allow-headers': expect.stringContaining('Idempotency-Key'),
      'access-control-max-age': '60',
      vary: 'Origin',
    })
    const other = await gw.fetch('/api/things', { headers: { origin: 'http://evil.example' } })
    expect(other.status).toBe(200)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const otherPreflight = await gw.fetch('/api/things', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(otherPreflight.headers.get('access-control-allow-methods')).toBeNull()
  })

  it('When an allowed origin gets an answer, proxied or refused, then it can read it (Allow-Origin, exposed headers, Vary kept)', async () => {
    const origin = { origin: 'http://shop.example' }
    const proxied = await gw.fetch('/api/things/1', { headers: origin })
    expect(proxied.headers.get('access-control-allow-origin')).toBe('http://shop.example')
    expect(proxied.headers.get('access-control-expose-headers')).toContain('RateLimit')
    const refused = await gw.fetch('/nowhere', { headers: origin })
    expect(refused.status).toBe(404)
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://shop.example')
    expect(refused.headers.get('vary')).toBe('Origin')
    const own = await gw.fetch('/health', { headers: origin })
    expect(own.headers.get('access-control-allow-origin')).toBe('http://shop.example')
    const ownPreflight = await gw.fetch('/openapi.json', {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'GET' },
    })
    expect(ownPreflight.status).toBe(204)
    expect(ownPreflight.headers.get('access-control-allow-methods')).toContain('GET')
    expect(ownPreflight.headers.get('access-control-allow-origin')).toBe('http://shop.example')
  })

  it('When a request is proxied or refused, then one access-log line tells its route, instance, attempt and status, under its request id', async () => {
    await gw.fetch('/api/things/logged', { headers: { 'x-request-id': 'log-proxied' } })
    const refused = await gw.fetch('/api/things/internal/x', { headers: { 'x-request-id': 'log-refused' } })
    expect(refused.headers.get('x-request-id')).toBe('log-refused')
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff')
    expect(((await refused.json()) as any).requestId).toBe('log-refused')
    const line = (id: string) => gw.lines.filter((l) => l.msg === 'request' && l.requestId === id)
    expect(line('log-proxied')).toEqual([
      expect.objectContaining({
        service: 'gateway',
        method: 'GET',
        path: '/api/things/logged',
        route: '/api/things',
        status: 200,
        upstream: 'things-1',
        attempt: 1,
      }),
    ])
    expect(line('log-refused')).toEqual([
      expect.objectContaining({ path: '/api/things/internal/x', route: '(unmatched)', status: 404 }),
    ])
    expect(line('log-refused')[0]).not.toHaveProperty('upstream')
  })

  it("When a request brings a W3C traceparent, then the upstream's parent is the gateway's span in that trace; without one the gateway starts the trace", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const traced = await gw.fetch('/api/things/traced', {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, tracestate: 'vendor=x', 'x-request-id': 'traced' },
    })
    const { headers } = (await traced.json()) as { headers: Record<string, string> }
    expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`))
    expect(headers.traceparent).not.toContain('00f067aa0ba902b7')
    expect(headers.tracestate).toBe('vendor=x')
    const started = (await (
      await gw.fetch('/api/things/untraced', { headers: { 'x-request-id': 'untraced' } })
    ).json()) as {
      headers: Record<string, string>
    }
    const [, newTrace] = started.headers.traceparent?.split('-') ?? []
    expect(newTrace).toMatch(/^[0-9a-f]{32}$/)
    // the access-log line names the trace, to follow it into the services' lines
    const traceOf = (id: string) => gw.lines.find((l) => l.msg === 'request' && l.requestId === id)?.traceId
    expect(traceOf('traced')).toBe(traceId)
    expect(traceOf('untraced')).toBe(newTrace)
  })
})

describe('retries and breakers', () => {
  it('When one instance answers 503, then GETs are retried on the other, and POSTs are never retried', async () => {
    const hits: string[] = []
    const flaky = (label: string, status: number) =>
      new Hono()
        .get('/health/live', (c) => c.text('ok'))
        .all('/api/flaky/*', (c) => (hits.push(`${label}:${c.req.method}`), c.json({ label }, status as 200)))
    await gw.addUpstream('flaky', flaky('bad', 503))
    await gw.addUpstream('flaky', flaky('good', 200))
    for (let i = 0; i < 6; i++) expect((await gw.fetch('/api/flaky/x')).status).toBe(200)
    hits.length = 0
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await gw.fetch('/api/flaky/x', { method: 'POST', body: '{}' })).status)
    expect(hits.filter((h) => h.endsWith(':POST'))).toHaveLength(6)
    expect(statuses.filter((s) => s === 503).length).toBe(hits.filter((h) => h === 'bad:POST').length)
  })

  it('When an instance explains a 503 (problem+json: a dependency of its own is down), then its breaker stays closed; bare 503s open it', async () => {
    const failing = (explained: boolean) =>
      new Hono()
        .get('/health/live', (c) => c.text('ok'))
        .post('/api/*', (c) =>
          explained
            ? c.body(JSON.stringify({ type: 'x', status: 503, detail: 'The payment provider is unavailable.' }), 503, {
                'content-type': 'application/problem+json',
              })
            : c.text('upstream broke', 503),
        )
    const explains = await gw.addUpstream('explains', failing(true))
    const broken = await gw.addUpstream('broken', failing(false))
    for (let i = 0; i < 6; i++) {
      const res = await gw.fetch('/api/explains/checkout', { method: 'POST', body: '{}' })
      expect(res.status).toBe(503)
      expect(((await res.json()) as any).detail).toBe('The payment provider is unavailable.')
      await gw.fetch('/api/broken/checkout', { method: 'POST', body: '{}' })
    }
    expect(gw.base.breakers.states()[`proxy:explains@${explains.id}`]).toBe('closed')
    expect(gw.base.breakers.states()[`proxy:broken@${broken.id}`]).toBe('open')
  })
})

describe('the front door', () => {
  it('When /health/services is asked, then every service, its instances and checks are listed', async () => {
    const body = (await (await gw.fetch('/health/services')).json()) as any
    const things = body.services.find((s: any) => s.name === 'things')
    expect(things).toMatchObject({ status: 'up', passing: 1 })
    expect(things.instances[0].checks[0]).toMatchObject({ status: 'passing' })
    expect((await gw.fetch('/health')).status).toBe(200)
  })

  it('When /openapi.json is asked, then the routed paths of each service are merged with namespaced schemas', async () => {
    const doc = (await (await gw.fetch('/openapi.json')).json()) as any
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/health/services', '/api/things']))
    expect(doc.paths).not.toHaveProperty('/api/elsewhere')
    expect(doc.components.schemas).toHaveProperty('things_Thing')
    expect(JSON.stringify(doc.paths['/api/things'])).toContain('#/components/schemas/things_Thing')
    // what the gateway answers itself is stated beside the service's own answers (a public, limited route)
    expect(Object.keys(doc.paths['/api/things'].get.responses).sort()).toEqual(['200', '429', '503', '504'])
    expect(doc.paths['/api/things'].get.responses[429].content).toHaveProperty(['application/problem+json'])
    expect(doc['x-unavailable']).toEqual(expect.arrayContaining(['ghosts']))
    // answering without a document is not being down, and it is said apart
    // services that answer without a document of their own (these test upstreams) are not down
    expect(doc['x-undocumented']).toEqual(expect.arrayContaining(['explains', 'broken']))
    expect(doc['x-unavailable']).not.toContain('explains')
    expect(gw.lines.some((l) => String(l.msg).includes('no OpenAPI document') && l.service === 'explains')).toBe(true)
  })

  it('When /docs is opened, then the page and its assets come from the gateway itself', async () => {
    const page = await (await gw.fetch('/docs')).text()
    expect(page).toContain('/docs/assets/swagger-ui-bundle.js')
    expect(page).not.toMatch(/https?:\/\//)
    const asset = await gw.fetch('/docs/assets/swagger-ui-bundle.js')
    expect(asset.status).toBe(200)
    expect((await asset.text()).length).toBeGreaterThan(100_000)
    expect((await gw.fetch('/docs/assets/package.json')).status).toBe(404)
  })
})
