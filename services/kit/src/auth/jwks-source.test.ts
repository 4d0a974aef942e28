import * as z from 'zod'
import { describe, expect, it } from 'vitest'
import { resolveSettings } from '../config/load-config.ts'
import { createTestIssuer } from '../testing/issuer.ts'
import { createServiceVerifier } from './token-verifier.ts'

const auth = {
  issuer: 'shopfront-users',
  audience: 'shopfront',
  jwksService: 'users',
  jwksPath: '/.well-known/jwks.json',
}

describe('where verifiers get the signing keys', () => {
  it('When JWKS_URL is set, then the keys come from that URL, and a rogue "users" in the registry is never asked', async () => {
    const real = await createTestIssuer()
    const rogue = await createTestIssuer()
    const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => Response.json(real.jwks()) })
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
      await expect(verifier.verify(await rogue.sign({ sub: 'mallory', roles: ['admin'] }))).rejects.toMatchObject({
        status: 401,
      })
      expect(registryAsked).toBe(0)
    } finally {
      await server.stop(true)
    }
  })

  it('When JWKS_URL is not set, then the keys come from the signer found through the registry', async () => {
    const real = await createTestIssuer()
    let asked = ''
    const verifier = createServiceVerifier(
      (service) => ({ get: async <T>(path: string) => ((asked = `${service}${path}`), real.jwks() as T) }),
      auth,
    )
    expect((await verifier.verify(await real.sign())).id).toBe('user-1')
    expect(asked).toBe('users/.well-known/jwks.json')
  })
})
