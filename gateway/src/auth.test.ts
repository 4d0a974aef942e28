import { describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { createTestIssuer, unsignedToken } from '@shopfront/kit/testing'
import { echoUpstream, gatewayYml, startGatewayHarness } from './testing.ts'

const yml = gatewayYml({
  routes: [
    '{ prefix: /api/open, service: things, access: public }',
    '{ prefix: /api/mine, service: things, access: user }',
    '{ prefix: /api/admin, service: things, access: roles, roles: [admin, support] }',
    '{ prefix: /api/things, service: things, access: user, rateLimit: none }',
  ],
})

const issuer = await createTestIssuer()
let jwksRequests = 0
const users = new Hono()
  .get('/health/live', (c) => c.text('ok'))
  .get('/.well-known/jwks.json', (c) => (jwksRequests++, c.json(issuer.jwks())))
  // users revoked this user's tokens below version 3 (disabled, say, then enabled again)
  .get('/.well-known/revocations.json', (c) => c.json({ revocations: [{ sub: 'revoked-user', version: 3 }] }))
const gw = await startGatewayHarness(yml, { upstreams: { things: echoUpstream('a'), users } })

const get = (path: string, token?: string) =>
  gw.fetch(path, token === undefined ? {} : { headers: { authorization: token } })

describe('auth at the edge', () => {
  it('When /openapi.json is read, then an operation on a closed, unlimited route states the edge’s 401 and 403, and no 429', async () => {
    const doc = (await (await gw.fetch('/openapi.json')).json()) as any
    expect(Object.keys(doc.paths['/api/things'].get.responses).sort()).toEqual(['200', '401', '403', '503', '504'])
  })

  it('When a protected route is called without a token, then it is a 401 problem with a Bearer challenge', async () => {
    const res = await get('/api/mine')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="shopfront"')
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })

  it('When the token is malformed, expired, forged, unsigned, for another audience or from an unknown key, then each is a 401', async () => {
    const cases: Record<string, string> = {
      'not bearer': 'Basic dXNlcjpwYXNz',
      garbage: 'Bearer not-a-jwt',
      expired: `Bearer ${await issuer.sign({ expiresIn: '-10s' })}`,
      'wrong signature': `Bearer ${(await issuer.sign()).slice(0, -4)}AAAA`,
      'alg none': `Bearer ${unsignedToken({ sub: 'x', roles: ['admin'], iss: 'shopfront-users', aud: 'shopfront', exp: Math.floor(Date.now() / 1000) + 600 })}`,
      'wrong audience': `Bearer ${await issuer.sign({ aud: 'another-shop' })}`,
      'unknown kid': `Bearer ${await issuer.sign({ foreignKey: true })}`,
    }
    for (const [name, header] of Object.entries(cases)) {
      const res = await get('/api/mine', header)
      expect(res.status, name).toBe(401)
      expect(res.headers.get('www-authenticate'), name).toMatch(/^Bearer realm="shopfront"/)
    }
  })

  it('When a user lacks the route role, then it is a 403; with it, the request passes with the token unchanged', async () => {
    const customer = await issuer.sign({ roles: ['customer'] })
    expect((await get('/api/admin/x', `Bearer ${customer}`)).status).toBe(403)
    const support = await issuer.sign({ roles: ['support'] })
    const res = await get('/api/admin/x', `Bearer ${support}`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).headers.authorization).toBe(`Bearer ${support}`)
  })

  it('When users has revoked a token, then the edge refuses it with a 401 saying so; the account’s newer tokens pass', async () => {
    const res = await get('/api/mine', `Bearer ${await issuer.sign({ sub: 'revoked-user', ver: 2 })}`)
    expect(res.status).toBe(401)
    expect(((await res.json()) as any).detail).toBe('The token was revoked: refresh it, or sign in again.')
    expect((await get('/api/mine', `Bearer ${await issuer.sign({ sub: 'revoked-user', ver: 3 })}`)).status).toBe(200)
  })

  it('When a public route gets no token it passes; a bad token is still refused', async () => {
    expect((await get('/api/open')).status).toBe(200)
    expect((await get('/api/open', 'Bearer not-a-jwt')).status).toBe(401)
  })

  it('When the signer rotates its key, then new tokens verify after one JWKS refetch, and old ones still do', async () => {
    const old = await issuer.sign()
    expect((await get('/api/mine', `Bearer ${old}`)).status).toBe(200)
    const before = jwksRequests
    await issuer.rotate()
    const fresh = await issuer.sign({ sub: 'user-2' })
    expect((await get('/api/mine', `Bearer ${fresh}`)).status).toBe(200)
    expect((await get('/api/mine', `Bearer ${fresh}`)).status).toBe(200)
    expect(jwksRequests).toBe(before + 1)
    expect((await get('/api/mine', `Bearer ${old}`)).status).toBe(200)
  })
})
