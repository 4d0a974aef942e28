import { createTokenVerifier } from '@shopfront/kit'
import { afterAll, describe, expect, it } from 'vitest'
import { settings, signedInCustomer, startUsers } from '../testing.ts'
import { createSigningKeys } from './signing-keys.ts'

/** A users service of this file's own: rotating changes the keys every test of it shares. */
const users = await startUsers()
afterAll(() => users.close())

describe('signing key rotation', () => {
  it('When the key rotates, then new tokens use the new kid, and a token signed by the old key verifies until its lifetime has passed', async () => {
    const keys = createSigningKeys(users.db, {
      encryptionKey: settings.users.keyEncryptionKey,
      rotationHours: 1,
      tokenTtlSeconds: 900,
    })
    const old = (await signedInCustomer(users, 'rotation@example.com')).accessToken
    const oldKid = JSON.parse(Buffer.from(old.split('.')[0], 'base64url').toString()).kid
    await users.database.sql`update signing_keys set created_at = now() - interval '2 hours'`
    await keys.rotateIfDue()
    const published = await keys.jwks()
    expect(published.keys.map((k) => k.kid)).toContain(oldKid)
    expect(published.keys).toHaveLength(2)
    const verifier = createTokenVerifier({
      fetchJwks: async () => published,
      issuer: 'shopfront-users',
      audience: 'shopfront',
    })
    expect((await verifier.verify(old)).roles).toContain('customer')
    expect((await keys.signingKey()).kid).not.toBe(oldKid)
    // once a token's lifetime has passed since the rotation, the old key is no longer published
    await users.database.sql`update signing_keys set created_at = created_at - interval '1 hour'`
    expect((await keys.jwks()).keys.map((k) => k.kid)).not.toContain(oldKid)
  })

  it('When no key exists yet (a new install, before its first token), then the JWKS makes one rather than publish none', async () => {
    const keys = createSigningKeys(users.db, {
      encryptionKey: settings.users.keyEncryptionKey,
      rotationHours: 24,
      tokenTtlSeconds: 900,
    })
    await users.database.sql`delete from signing_keys`
    const published = await keys.jwks()
    expect(published.keys).toHaveLength(1)
    expect(published.keys[0]?.kid).toBe((await keys.signingKey()).kid)
  })
})
