import { describe, expect, it } from 'vitest'
import { echoUpstream, gatewayYml, startGatewayHarness } from './testing.ts'
import { normalizePath } from './proxy/route-table.ts'

const metricsToken = 'metrics-token-0123456789abcdef'
const yml = gatewayYml({
  rateClasses: ['auth: { anonymous: 3, user: 3, windowSeconds: 60 }'],
  routes: [
    '{ prefix: /api/auth/login, service: things, access: public, rateLimit: auth }',
    '{ prefix: /api/auth, service: things, access: public }',
    '{ prefix: /api/things, service: things, access: public }',
  ],
}).replace('gateway:\n', `gateway:\n  metricsToken: ${metricsToken}\n  trustedProxies: [127.0.0.1/32]\n`)

const gw = await startGatewayHarness(yml, { upstreams: { things: echoUpstream('a') } })

const post = (path: string, from: string) => gw.fetch(path, { method: 'POST', headers: { 'x-forwarded-for': from } })

describe('the gateway sees the path the services see', () => {
  it('When a path spells a rate-limited route with percent escapes, then it is that route, limited as it, and forwarded in plain form', async () => {
    const first = await post('/api/auth/%6Cogin', '203.0.113.10')
    expect(first.status).toBe(200)
    expect((await first.json()).path).toBe('/api/auth/login')
    expect((await post('/api/auth/l%6F%67in', '203.0.113.10')).status).toBe(200)
    expect((await post('/api/auth/login', '203.0.113.10')).status).toBe(200)
    expect((await post('/api/auth/%6c%6fgin', '203.0.113.10')).status).toBe(429)
  })

  it('When a path hides a "/", a "\\", a NUL, a bad escape or a dot segment, then it is a 400 problem and nothing is forwarded', async () => {
    // (a client's URL parser already resolves %2e segments; a raw request line does not)
    for (const path of ['/api/things/%2e%2e/internal', '/api/things/%2E/x', '/api/things/.%2e', '/a\\b'])
      expect(normalizePath(path), path).toBeUndefined()
    for (const path of ['/api/things%2Finternal', '/api/things%5Cx', '/api/things/%00', '/api/things/%zz']) {
      const res = await gw.fetch(path)
      expect(res.status, path).toBe(400)
      expect(res.headers.get('content-type'), path).toBe('application/problem+json')
    }
  })

  it("When a request uses a method the API has none of (TRACE, WebDAV's, a cache's PURGE), then it is a 405 problem naming those it has, and nothing is forwarded", async () => {
    // (a made-up method never gets this far: Bun's server refuses it)
    for (const method of ['TRACE', 'PROPFIND', 'PURGE']) {
      // a public route the upstream answers any method on: only the gateway can refuse it
      const res = await gw.fetch('/api/things', { method, headers: { 'x-forwarded-for': '203.0.113.20' } })
      expect(res.status, method).toBe(405)
      expect(res.headers.get('content-type'), method).toBe('application/problem+json')
      expect(res.headers.get('allow'), method).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS')
      // (Bun's fetch reads no body of an answer to TRACE; curl shows the same problem)
      if (method !== 'TRACE')
        expect((await res.json()).detail, method).toContain(`${method} is not a method of this API`)
    }
    expect((await gw.fetch('/api/things', { method: 'PATCH' })).status).toBe(200)
  })

  it('When a path has escapes that are not unreserved characters, then they are kept, in one spelling', async () => {
    expect(normalizePath('/api/things/caf%c3%a9%20x')).toBe('/api/things/caf%C3%A9%20x')
    expect(normalizePath('/api/things/%7Eann%2Dlee')).toBe('/api/things/~ann-lee')
    const res = await gw.fetch('/api/things/a%2db')
    expect((await res.json()).path).toBe('/api/things/a-b')
  })
})

describe("the operator's endpoints", () => {
  it('When /metrics or /health/services is asked without the metrics token, then it is a 401; with it, the answer; /health stays public', async () => {
    expect((await gw.fetch('/metrics')).status).toBe(401)
    expect((await gw.fetch('/health/services')).status).toBe(401)
    expect((await gw.fetch('/m%65trics')).status).toBe(401)
    const auth = { headers: { authorization: `Bearer ${metricsToken}` } }
    expect((await gw.fetch('/metrics', auth)).status).toBe(200)
    expect((await gw.fetch('/health/services', auth)).status).toBe(200)
    expect((await gw.fetch('/health')).status).toBe(200)
  })
})

describe('clients behind a trusted load balancer', () => {
  it("When the peer is a trusted proxy, then the client's address is the one it forwarded: limits count per client, and services see it last", async () => {
    const seen = await post('/api/auth/x', '198.51.100.1, 198.51.100.7')
    expect((await seen.json()).headers['x-forwarded-for'].split(',').at(-1).trim()).toBe('198.51.100.7')
    // another client behind the same balancer has a count of its own
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/login', '198.51.100.20')).status).toBe(200)
    expect((await post('/api/auth/login', '198.51.100.20')).status).toBe(429)
    expect((await post('/api/auth/login', '198.51.100.21')).status).toBe(200)
  })
})

describe('refusals a browser reads', () => {
  it('When a browser is refused by the gateway itself, then it gets a page saying why (status and Retry-After kept); an API client still gets problem+json', async () => {
    const asBrowser = { 'x-forwarded-for': '192.0.2.44', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
    for (let i = 0; i < 3; i++) await gw.fetch('/api/auth/login', { method: 'POST', headers: asBrowser })
    const limited = await gw.fetch('/api/auth/login', { method: 'POST', headers: asBrowser })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    const page = await limited.text()
    expect(page).toContain('<h1>Too many requests</h1>')
    expect(page).toMatch(/Try again in \d+ s\./)
    expect(page).toContain(`Reference: ${limited.headers.get('x-request-id')}`)
    // what the page repeats of the request is escaped
    const missing = await gw.fetch('/nowhere/%3Cscript%3E', { headers: asBrowser })
    expect(missing.status).toBe(404)
    expect(await missing.text()).not.toContain('<script>')
    const api = await gw.fetch('/api/auth/login', {
      method: 'POST',
      headers: { ...asBrowser, accept: 'application/json' },
    })
    expect(api.headers.get('content-type')).toBe('application/problem+json')
  })
})
