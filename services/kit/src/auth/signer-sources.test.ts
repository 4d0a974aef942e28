import * as z from 'zod'
import { describe, expect, it } from 'vitest'
import { resolveSettings } from '../config/load-config.ts'
import { createTestIssuer } from '../testing/issuer.ts'
import { createServiceVerifier, publishedKey } from './signer-sources.ts'

const auth = {
  issuer: 'shopfront-users',
  audience: 'shopfront',
  jwksService: 'users',
  jwksPath: '/.well-known/jwks.json',
  revocationsPath: '/.well-known/revocations.json',
}
/** Bob's tokens below version 2 are revoked. */
const revocations = { revocations: [{ sub: 'bob', version: 2 }] }

describe('where verifiers get the signing keys and the revocations', () => {
  it('When JWKS_URL is set, then the keys and revocations come from its host, and a rogue "users" in the registry is never asked', async () => {
    const real = await createTestIssuer()
    const rogue = await createTestIssuer()
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (req) => Response.json(new URL(req.url).pathname === auth.revocationsPath ? revocations : real.jwks()),
    })
    try {
      const { settings } = resolveSettings(
        z.object({ auth: z.object({ jwksUrl: z.string().optional() }).passthrough() }),
        [{ name: 'application.yml', source: { 'auth.issuer': 'x' } }],
        {
          JWKS_URL: `http://127.0.0.1:${server.port}/jwks`,
        },
      )
      let registryAsked = 0
      const client = () => ({ get: async <T>() => (registryAsked++, rogue.jwks() as T) })
      const verifier = createServiceVerifier(client, { ...auth, jwksUrl: settings.auth.jwksUrl })
      expect((await verifier.verify(await real.sign({ sub: 'ann' }))).id).toBe('ann')
      await expect(verifier.verify(await real.sign({ sub: 'bob', ver: 1 }))).rejects.toMatchObject({ status: 401 })
      expect((await verifier.verify(await real.sign({ sub: 'bob', ver: 2 }))).id).toBe('bob')
      await expect(verifier.verify(await rogue.sign({ sub: 'mallory', roles: ['admin'] }))).rejects.toMatchObject({
        status: 401,
      })
      expect(registryAsked).toBe(0)
    } finally {
      await server.stop(true)
    }
  })

  it('When JWKS_URL is not set, then the keys and revocations come from the signer found through the registry', async () => {
    const real = await createTestIssuer()
    const asked: string[] = []
    const verifier = createServiceVerifier(
      (service) => ({
        get: async <T>(path: string) => {
          asked.push(`${service}${path}`)
          return (path === auth.revocationsPath ? revocations : real.jwks()) as T
        },
      }),
      auth,
    )
    expect((await verifier.verify(await real.sign())).id).toBe('user-1')
    await expect(verifier.verify(await real.sign({ sub: 'bob' }))).rejects.toMatchObject({ status: 401 })
    expect(asked.sort()).toEqual(['users/.well-known/jwks.json', 'users/.well-known/revocations.json'])
  })

  it('When the signer cannot answer, then the keys and revocations come from the copies it published in the registry; without copies, tokens are a 503', async () => {
    const real = await createTestIssuer()
    const copies = new Map([
      [publishedKey('users', auth.jwksPath), JSON.stringify(real.jwks())],
      [publishedKey('users', auth.revocationsPath), JSON.stringify(revocations)],
    ])
    const read: string[] = []
    const down = () => ({
      get: async <T>(): Promise<T> => {
        throw new Error('users cannot be reached')
      },
    })
    const verifier = createServiceVerifier(down, auth, async (key) => (read.push(key), copies.get(key)))
    expect((await verifier.verify(await real.sign({ sub: 'ann' }))).id).toBe('ann')
    await expect(verifier.verify(await real.sign({ sub: 'bob', ver: 1 }))).rejects.toMatchObject({ status: 401 })
    expect(read.sort()).toEqual([
      'shopfront/users/.well-known/jwks.json',
      'shopfront/users/.well-known/revocations.json',
    ])
    // pinned (JWKS_URL) and unreachable: the copies too
    const pinned = createServiceVerifier(down, { ...auth, jwksUrl: 'http://127.0.0.1:9/jwks' }, async (key) =>
      copies.get(key),
    )
    expect((await pinned.verify(await real.sign({ sub: 'ann' }))).id).toBe('ann')
    const none = createServiceVerifier(down, auth, async () => undefined)
    await expect(none.verify(await real.sign({ sub: 'ann' }))).rejects.toMatchObject({ status: 503 })
  })
})
