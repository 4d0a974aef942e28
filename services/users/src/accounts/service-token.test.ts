import {
  createBreakers,
  createServiceClient,
  createStaticDiscovery,
  createTokenVerifier,
  listen,
  serviceTokenProvider,
} from '@shopfront/kit'
import { afterAll, describe, expect, it } from 'vitest'
import { basicAuth, startUsers } from '../testing.ts'

const users = await startUsers()
const { app, send } = users
afterAll(() => users.close())

describe('service identity', () => {
  it('When a service presents its client credentials, then it gets a short-lived token with the service role', async () => {
    const res = await send('POST', '/internal/service-token', { auth: basicAuth('sales') })
    expect(res.status).toBe(200)
    const body = res.body
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 })
    const keys = (await send('GET', '/.well-known/jwks.json')).body
    const verifier = createTokenVerifier({
      fetchJwks: async () => keys,
      issuer: 'shopfront-users',
      audience: 'shopfront',
    })
    expect(await verifier.verify(body.accessToken)).toMatchObject({ id: 'service:sales', roles: ['service'] })
  })

  it('When the client is unknown or the secret wrong, then it is a 401 and no token', async () => {
    for (const auth of [
      basicAuth('sales', 'wrong-secret-0123456789'),
      basicAuth('intruder', 'sales-secret-0123456789'),
      undefined,
    ]) {
      const res = await send('POST', '/internal/service-token', { auth })
      expect(res.status).toBe(401)
      expect(res.text).not.toContain('accessToken')
    }
  })

  it("When the kit's provider asks for tokens, then it fetches one and reuses it until shortly before it expires or a neighbour refused it", async () => {
    const users = listen(app, { port: 0 })
    try {
      const client = createServiceClient({
        service: 'users',
        discovery: createStaticDiscovery({ users: [users.url] }),
        breakers: createBreakers(),
      })
      let clock = Date.now()
      const provider = serviceTokenProvider({
        users: client,
        clientId: 'sales',
        clientSecret: 'sales-secret-0123456789',
        now: () => clock,
      })
      const [a, b] = await Promise.all([provider(), provider()])
      expect(a).toBe(b)
      expect(a).toMatch(/^Bearer /)
      expect(await provider()).toBe(a)
      clock += 280_000 // within 30 s of expiry: a fresh one
      const renewed = await provider()
      expect(renewed).not.toBe(a)
      // a neighbour refused the cached one (a retired key): asked for fresh, it fetches again
      const fresh = await provider({ fresh: true })
      expect(fresh).not.toBe(renewed)
      expect(await provider()).toBe(fresh)
    } finally {
      await users.stop(true)
    }
  })
})
