import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose'
import { AppError } from '../errors.ts'
import { type ServiceKeys, serviceOfKid, serviceTokenChecker } from './service-keys.ts'

export interface Principal {
  /** The user id (`sub`). */
  id: string
  roles: string[]
  /** Expiry, seconds since the epoch. */
  exp: number
  claims: JWTPayload
}

export interface TokenVerifierOptions {
  /** Fetches the current JWKS (from the users service, found through the registry). */
  fetchJwks: () => Promise<JSONWebKeySet>
  issuer: string
  audience: string
  algorithms?: string[]
  /** How long a fetched JWKS is trusted before it is fetched again. */
  jwksTtlMs?: number
  /** An unknown `kid` refetches the JWKS, at most this often. */
  refetchCooldownMs?: number
  /** Verified tokens remembered until they expire, or until their key leaves the JWKS (bounded). */
  cacheSize?: number
  /**
   * When the JWKS cannot be fetched again, the keys last fetched are still trusted for this
   * long past `jwksTtlMs`; after that, tokens cannot be verified (503) until the signer answers.
   */
  staleKeysMs?: number
  /**
   * Fetches the signer's access revocations: a token of `sub` whose `ver` claim is below
   * `version` is refused (the account was disabled, its roles or password changed), and so
   * is a token of a session that ended (its `sid` listed: signed out, or its refresh token stolen).
   */
  fetchRevocations?: () => Promise<Revocations>
  /** How long a fetched list of revocations is trusted before it is fetched again: a revocation takes effect within this. */
  revocationsTtlMs?: number
  /**
   * How long the request that fetches the revocations waits for them before going on with
   * the last list (a slow signer must not slow its neighbours down); Infinity: the signer's own.
   */
  revocationsWaitMs?: number
  /**
   * The keys services publish for their own service tokens (`ownServiceKey`): with it, a
   * token whose `kid` names a service's key is verified against that key alone, whether or
   * not the signer answers. Without it (the gateway), such tokens are refused.
   */
  serviceKeys?: ServiceKeys
  now?: () => number
}

/** What the signer publishes at /.well-known/revocations.json. */
export interface Revocations {
  /** A token of `sub` whose `ver` claim is below `version` is refused. */
  revocations: { sub: string; version: number }[]
  /** A token whose `sid` claim (its session) is one of these is refused: the session ended. */
  sessions?: string[]
}

/**
 * Verifies access tokens against a JWKS that is fetched once, kept, and refetched when a
 * token names a key it does not know (the signer rotated). Only asymmetric algorithms are
 * accepted; `iss`, `aud` and `exp` are checked. A token verified once is remembered
 * until it expires (while its key is still published), so a request costs no signature
 * check twice. A key removed from the JWKS stops verifying at the next fetch, and keys
 * that cannot be fetched again are trusted for `staleKeysMs` only. With `fetchRevocations`,
 * a token the signer revoked is refused within `revocationsTtlMs`, cached or not; while the
 * list cannot be fetched (or takes more than `revocationsWaitMs`), the last one stands
 * (tokens are still checked by signature).
 *
 * @example
 *   const verifier = createTokenVerifier({ fetchJwks: () => users.get('/.well-known/jwks.json'), issuer, audience })
 *   const principal = await verifier.verify(token)   // or throws a 401 AppError
 */
export function createTokenVerifier({
  fetchJwks,
  issuer,
  audience,
  algorithms = ['ES256', 'EdDSA'],
  jwksTtlMs = 5 * 60_000,
  refetchCooldownMs = 10_000,
  cacheSize = 10_000,
  staleKeysMs = 15 * 60_000,
  fetchRevocations,
  revocationsTtlMs = 5000,
  revocationsWaitMs = 250,
  serviceKeys,
  now = Date.now,
}: TokenVerifierOptions) {
  const ownToken = serviceKeys && serviceTokenChecker(serviceKeys, { audience, algorithms, now })
  let keys: ReturnType<typeof createLocalJWKSet> | undefined
  let kids = new Set<string>()
  let fetchedAt = 0
  let loading: Promise<void> | undefined
  const verified = new Map<string, { principal: Principal; kid: string }>()

  const load = () =>
    (loading ??= fetchJwks()
      .then((jwks) => {
        keys = createLocalJWKSet(jwks)
        kids = new Set(jwks.keys.map((k) => String(k.kid)))
        fetchedAt = now()
        // a verdict never outlives its key: tokens of a key that left the JWKS are checked afresh (and refused)
        for (const [token, entry] of verified)
          if (!kids.has(entry.kid) && !serviceOfKid(entry.kid)) verified.delete(token)
      })
      .finally(() => (loading = undefined)))
  let revoked = new Map<string, number>()
  let ended = new Set<string>()
  let revocationsAt = Number.NEGATIVE_INFINITY
  let revoking: Promise<void> | undefined
  const loadRevocations = (fetch: () => Promise<Revocations>) =>
    (revoking ??= fetch()
      .then(({ revocations, sessions = [] }) => {
        revoked = new Map(revocations.map((r) => [r.sub, r.version]))
        ended = new Set(sessions)
      })
      // the last list stands while the signer is away: its neighbours must not fall over with it
      .catch(() => {})
      .finally(() => {
        revocationsAt = now()
        revoking = undefined
      }))
  const refuseRevoked = async (principal: Principal) => {
    if (!fetchRevocations) return
    // one request starts the next fetch and waits for it a moment, the rest go on with the list held
    if (!revoking && now() - revocationsAt > revocationsTtlMs)
      await atMost(loadRevocations(fetchRevocations), revocationsWaitMs)
    const below = revoked.get(principal.id)
    if (below !== undefined && Number(principal.claims.ver ?? 0) < below)
      throw invalidToken('The token was revoked: refresh it, or sign in again.')
    const { sid } = principal.claims
    if (typeof sid === 'string' && ended.has(sid)) throw invalidToken('The session has ended: sign in again.')
  }
  const unavailable = (cause: unknown) =>
    new AppError('unavailable', 'Tokens cannot be verified right now: the signing keys are unavailable.', {
      cause,
      retryAfter: 5,
    })

  const check = async (token: string) => {
    // what is not a signed token with an accepted algorithm is refused before any key is
    // fetched: garbage must not become a 503 while the signer is down, nor a reason to call it
    const { alg, kid } = decodeProtectedHeader(token)
    if (!alg || !algorithms.includes(alg))
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed')
    // a service's own token: its published key alone, the signer's keys not needed
    const service = serviceOfKid(kid)
    if (service && ownToken) return ownToken(token, service, String(kid))
    if (!keys || now() - fetchedAt > jwksTtlMs)
      await load().catch((err) => {
        // the keys last fetched carry on while the signer is briefly away, not for ever
        if (!keys || now() - fetchedAt > jwksTtlMs + staleKeysMs) throw unavailable(err)
      })
    const verifyWith = (jwks: typeof keys) => {
      if (!jwks) throw unavailable(new Error('no signing keys fetched yet'))
      return jwtVerify(token, jwks, { issuer, audience, algorithms, requiredClaims: ['sub', 'exp'] })
    }
    try {
      return await verifyWith(keys)
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey) || now() - fetchedAt < refetchCooldownMs) throw err
      await load().catch(() => {})
      return verifyWith(keys)
    }
  }

  /** Whether a verdict of a token of `kid` still stands: a service's own key does not hang on the signer's keys being fresh. */
  const keysFresh = (kid: string) => serviceOfKid(kid) !== undefined || now() - fetchedAt <= jwksTtlMs

  return {
    async verify(token: string): Promise<Principal> {
      const cached = verified.get(token)
      if (cached && cached.principal.exp * 1000 > now() && keysFresh(cached.kid)) {
        await refuseRevoked(cached.principal)
        return cached.principal
      }
      if (cached) verified.delete(token)
      let payload: JWTPayload
      let kid: string
      try {
        const result = await check(token)
        payload = result.payload
        kid = String(result.protectedHeader.kid)
      } catch (err) {
        if (err instanceof AppError) throw err
        throw invalidToken(reason(err))
      }
      const principal: Principal = {
        id: String(payload.sub),
        roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
        exp: Number(payload.exp),
        claims: payload,
      }
      const oldest = verified.keys().next()
      if (verified.size >= cacheSize && !oldest.done) verified.delete(oldest.value)
      verified.set(token, { principal, kid })
      await refuseRevoked(principal)
      return principal
    },
    /** Drops what was fetched and verified (tests, key compromise). */
    reset() {
      keys = undefined
      verified.clear()
      revocationsAt = Number.NEGATIVE_INFINITY
    },
  }
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>

/** Waits for `work`, or `ms`, whichever is first. */
const atMost = (work: Promise<void>, ms: number) => (Number.isFinite(ms) ? within(work, ms) : work)
const within = (work: Promise<void>, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    work.finally(() => {
      clearTimeout(timer)
      resolve()
    })
  })

const invalidToken = (description: string) =>
  new AppError('unauthorized', description, {
    internal: {
      wwwAuthenticate: `Bearer realm="shopfront", error="invalid_token", error_description="${description}"`,
    },
  })

function reason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'The token has expired.'
  if (err instanceof errors.JWTClaimValidationFailed) return `The token's ${err.claim} claim is not accepted.`
  if (err instanceof errors.JWKSNoMatchingKey) return 'The token was signed with an unknown key.'
  if (err instanceof errors.JOSEAlgNotAllowed) return 'The token uses an algorithm that is not accepted.'
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is invalid.'
  return 'The token is malformed.'
}
