import { describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { createTestIssuer, unsignedToken } from '../testing/issuer.ts'
import { createTokenVerifier } from './token-verifier.ts'

async function setup() {
  const issuer = await createTestIssuer()
  let fetches = 0
  const verifier = createTokenVerifier({
    fetchJwks: async () => (fetches++, issuer.jwks()),
    issuer: issuer.issuer,
    audience: issuer.audience,
    refetchCooldownMs: 0,
  })
  return { issuer, verifier, fetches: () => fetches }
}

const rejects = async (promise: Promise<unknown>, detail: RegExp) => {
  const error: any = await promise.catch((e) => e)
  expect(error).toMatchObject({ status: 401, type: 'unauthorized' })
  expect(error.detail).toMatch(detail)
  expect(error.internal.wwwAuthenticate).toMatch(/^Bearer realm="shopfront", error="invalid_token"/)
}

describe('access token verification', () => {
  it('When a token is not a signed JWT, or is unsigned, then it is a 401 before any key is fetched (the signer may well be down)', async () => {
    const issuer = await createTestIssuer()
    let fetches = 0
    const verifier = createTokenVerifier({
      fetchJwks: async () => (fetches++, Promise.reject(new Error('users is down'))),
      issuer: issuer.issuer,
      audience: issuer.audience,
    })
    await rejects(verifier.verify('a.b.c'), /malformed/)
    await rejects(verifier.verify('not-a-token'), /malformed/)
    await rejects(verifier.verify(unsignedToken({ sub: 'u-1' })), /algorithm/)
    expect(fetches).toBe(0)
  })

  it('When a valid token comes twice, then it is verified once and the JWKS fetched once', async () => {
    const { issuer, verifier, fetches } = await setup()
    const token = await issuer.sign({ sub: 'u-7', roles: ['admin'] })
    const first = await verifier.verify(token)
    expect(first).toMatchObject({ id: 'u-7', roles: ['admin'] })
    expect(await verifier.verify(token)).toBe(first)
    expect(fetches()).toBe(1)
  })

  it('When a token is expired, forged, unsigned, for another audience or issuer, then it is a 401 saying why', async () => {
    const { issuer, verifier } = await setup()
    await rejects(verifier.verify(await issuer.sign({ expiresIn: '-1s' })), /expired/)
    await rejects(verifier.verify(await issuer.sign({ aud: 'someone-else' })), /aud claim/)
    await rejects(verifier.verify(await issuer.sign({ iss: 'evil' })), /iss claim/)
    await rejects(verifier.verify(await issuer.sign({ foreignKey: true })), /unknown key/)
    await rejects(
      verifier.verify(unsignedToken({ sub: 'u', aud: 'shopfront', iss: 'shopfront-users', exp: 9999999999 })),
      /algorithm|malformed/,
    )
    await rejects(verifier.verify('not.a.token'), /malformed/)
    const valid = await issuer.sign()
    const [h, p] = valid.split('.')
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] })).toString('base64url')}.${valid.split('.')[2]}`
    await rejects(verifier.verify(tampered), /signature/)
  })

  it('When a token is signed with HS256 using the public key as secret, then it is refused', async () => {
    const { issuer, verifier } = await setup()
    const secret = new TextEncoder().encode(JSON.stringify(issuer.jwks().keys[0]))
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.jwks().keys[0].kid })
      .setSubject('x')
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setExpirationTime('5m')
      .sign(secret)
    await rejects(verifier.verify(token), /algorithm|unknown key/)
  })

  it('When the signer rotates its key, then a token with the new kid refetches the JWKS and verifies', async () => {
    const { issuer, verifier, fetches } = await setup()
    const old = await issuer.sign()
    await verifier.verify(old)
    await issuer.rotate()
    const fresh = await issuer.sign()
    expect((await verifier.verify(fresh)).id).toBe('user-1')
    expect(fetches()).toBe(2)
    expect((await verifier.verify(old)).id).toBe('user-1')
  })

  it('When the keys cannot be fetched at all, then a well-formed token is a retryable 503, not a 401', async () => {
    const issuer = await createTestIssuer()
    const verifier = createTokenVerifier({
      fetchJwks: () => Promise.reject(new Error('users down')),
      issuer: issuer.issuer,
      audience: issuer.audience,
    })
    await expect(verifier.verify(await issuer.sign())).rejects.toMatchObject({ status: 503, retryable: true })
  })
})

describe('keys that go away', () => {
  it('When a key is removed from the JWKS, then tokens it signed stop verifying at the next fetch, cached verdicts included', async () => {
    const issuer = await createTestIssuer()
    let clock = 1_000_000
    let published = issuer.jwks()
    const verifier = createTokenVerifier({
      fetchJwks: async () => published,
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksTtlMs: 60_000,
      refetchCooldownMs: 0,
      now: () => clock,
    })
    const token = await issuer.sign()
    expect((await verifier.verify(token)).id).toBe('user-1')
    await issuer.rotate()
    published = { keys: issuer.jwks().keys.slice(1) } // the first key withdrawn (compromised)
    clock += 61_000
    await rejects(verifier.verify(token), /unknown key/)
    expect((await verifier.verify(await issuer.sign({ sub: 'user-2' }))).id).toBe('user-2')
  })

  it('When the JWKS cannot be fetched again, then the keys last fetched are trusted for a bounded time only, then it is a 503', async () => {
    const issuer = await createTestIssuer()
    let clock = 1_000_000
    let signerUp = true
    const verifier = createTokenVerifier({
      fetchJwks: async () => (signerUp ? issuer.jwks() : Promise.reject(new Error('users down'))),
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksTtlMs: 60_000,
      staleKeysMs: 120_000,
      now: () => clock,
    })
    const token = await issuer.sign({ expiresIn: '2h' })
    await verifier.verify(token)
    signerUp = false
    clock += 61_000
    expect((await verifier.verify(token)).id).toBe('user-1')
    clock += 120_000
    expect(await verifier.verify(token).catch((e) => e)).toMatchObject({ status: 503, type: 'unavailable' })
    signerUp = true
    expect((await verifier.verify(token)).id).toBe('user-1')
  })
})

describe('tokens the signer revokes', () => {
  async function revoking() {
    const issuer = await createTestIssuer()
    let clock = 1_000_000
    let list: { sub: string; version: number }[] = []
    let sessions: string[] = []
    let signerUp = true
    let fetches = 0
    const verifier = createTokenVerifier({
      fetchJwks: async () => issuer.jwks(),
      fetchRevocations: async () => {
        fetches++
        return signerUp ? { revocations: list, sessions } : Promise.reject(new Error('users down'))
      },
      issuer: issuer.issuer,
      audience: issuer.audience,
      revocationsTtlMs: 5000,
      now: () => clock,
    })
    return {
      issuer,
      verifier,
      revoke: (sub: string, version: number) => (list = [...list, { sub, version }]),
      endSession: (sid: string) => (sessions = [...sessions, sid]),
      tick: (ms: number) => (clock += ms),
      down: () => (signerUp = false),
      fetches: () => fetches,
    }
  }

  it('When a user is revoked, then their token already verified (cached) is a 401 once the list is fetched again, and a newer one passes', async () => {
    const { issuer, verifier, revoke, tick, fetches } = await revoking()
    const old = await issuer.sign({ sub: 'ann', ver: 0 })
    const other = await issuer.sign({ sub: 'bob', ver: 0 })
    expect((await verifier.verify(old)).id).toBe('ann')
    revoke('ann', 1)
    tick(1000)
    expect((await verifier.verify(old)).id).toBe('ann') // within the list's 5 s
    tick(5000)
    await rejects(verifier.verify(old), /revoked/)
    expect((await verifier.verify(other)).id).toBe('bob')
    expect((await verifier.verify(await issuer.sign({ sub: 'ann', ver: 1 }))).id).toBe('ann')
    // a token from before versions (no `ver`) counts as version 0
    await rejects(verifier.verify(await issuer.sign({ sub: 'ann' })), /revoked/)
    expect(fetches()).toBe(2)
  })

  it('When a session ends, then its tokens are a 401 once the list is fetched again; the same user’s other session goes on', async () => {
    const { issuer, verifier, endSession, tick } = await revoking()
    const phone = await issuer.sign({ sub: 'ann', sid: 'phone' })
    const laptop = await issuer.sign({ sub: 'ann', sid: 'laptop' })
    expect((await verifier.verify(phone)).id).toBe('ann')
    endSession('phone')
    tick(6000)
    await rejects(verifier.verify(phone), /session has ended/)
    expect((await verifier.verify(laptop)).id).toBe('ann')
    // a token that names no session (a service's) is never taken for one
    expect((await verifier.verify(await issuer.sign({ sub: 'service:sales' }))).id).toBe('service:sales')
  })

  it('When the signer does not answer for the revocations, then tokens are still verified (the request goes on with no list)', async () => {
    const issuer = await createTestIssuer()
    const verifier = createTokenVerifier({
      fetchJwks: async () => issuer.jwks(),
      fetchRevocations: () => new Promise(() => {}),
      issuer: issuer.issuer,
      audience: issuer.audience,
    })
    expect((await verifier.verify(await issuer.sign({ sub: 'ann' }))).id).toBe('ann')
    expect((await verifier.verify(await issuer.sign({ sub: 'bob' }))).id).toBe('bob')
  })

  it('When the revocations cannot be fetched, then the last list stands: revoked tokens stay refused, others pass', async () => {
    const { issuer, verifier, revoke, tick, down } = await revoking()
    revoke('ann', 1)
    await rejects(verifier.verify(await issuer.sign({ sub: 'ann', ver: 0 })), /revoked/)
    down()
    tick(60_000)
    await rejects(verifier.verify(await issuer.sign({ sub: 'ann', ver: 0 })), /revoked/)
    expect((await verifier.verify(await issuer.sign({ sub: 'bob' }))).id).toBe('bob')
  })
})
