import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import { present } from './present.ts'

/**
 * A token issuer for tests, standing where the users service will: ES256 keys with a
 * `kid`, a JWKS to publish, and tokens signed as users signs them. `rotate()` adds a new
 * key and signs with it from then on; `revoke(sub, version)` refuses the subject's tokens
 * below that `ver`, and `endSession(sid)` the tokens of a session, as users'
 * /.well-known/revocations.json does.
 */
export async function createTestIssuer({ issuer = 'shopfront-users', audience = 'shopfront' } = {}) {
  const keys: { kid: string; privateKey: CryptoKey; publicJwk: JWK }[] = []
  const rotate = async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
    const kid = `key-${keys.length + 1}-${crypto.randomUUID().slice(0, 8)}`
    keys.push({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } })
  }
  await rotate()
  const revoked = new Map<string, number>()
  const ended = new Set<string>()
  return {
    issuer,
    audience,
    rotate,
    jwks: () => ({ keys: keys.map((k) => k.publicJwk) }),
    revoke: (sub: string, version: number) => revoked.set(sub, version),
    endSession: (sid: string) => ended.add(sid),
    revocations: () => ({
      revocations: [...revoked].map(([sub, version]) => ({ sub, version })),
      sessions: [...ended],
    }),
    /** A signed access token; override any claim, or sign with a key the JWKS does not publish. */
    async sign({
      sub = 'user-1',
      roles = ['customer'],
      expiresIn = '15m',
      aud = audience,
      iss = issuer,
      foreignKey = false,
      ver,
      sid,
      contact,
    }: {
      sub?: string
      roles?: string[]
      expiresIn?: string
      aud?: string
      iss?: string
      foreignKey?: boolean
      /** The access version the token was issued at (users' `ver`); none: an older token. */
      ver?: number
      /** The session the token belongs to (users' `sid`: its refresh token family). */
      sid?: string
      /** The user's `email` and `name`, as users' tokens carry them; none: an older token. */
      contact?: { email: string; name: string }
    } = {}) {
      const latest = present(keys.at(-1), 'a signing key')
      const key = foreignKey ? (await generateKeyPair('ES256')).privateKey : latest.privateKey
      return new SignJWT({
        roles,
        ...(ver === undefined ? {} : { ver }),
        ...(sid === undefined ? {} : { sid }),
        ...contact,
      })
        .setProtectedHeader({ alg: 'ES256', kid: foreignKey ? 'not-published' : latest.kid, typ: 'JWT' })
        .setSubject(sub)
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(key)
    },
  }
}

/** An unsigned token (`alg: none`), the classic forgery. */
export function unsignedToken(claims: Record<string, unknown>) {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`
}

export type TestIssuer = Awaited<ReturnType<typeof createTestIssuer>>
