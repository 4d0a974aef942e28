import type Consul from 'consul'
import { errors, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose'
import { AppError } from '../errors.ts'
import { repeatInBackground } from '../background.ts'
import type { Logger } from '../logger.ts'
import type { ServiceTokenAnswer } from './service-token.ts'
import { copiesInRegistry } from './signer-sources.ts'

/** A key a service published: its public half, and until when (epoch ms) it may verify tokens. */
interface PublishedKey {
  jwk: JWK
  expiresAt: number
}

/** A published entry, while it may verify tokens; undefined when it ran out or cannot be read as one (swept too). */
function liveEntry(value: string | null | undefined, now: number): PublishedKey | undefined {
  try {
    const entry = JSON.parse(value ?? 'null') as PublishedKey | null
    return entry?.jwk && Number(entry.expiresAt) > now ? entry : undefined
  } catch {
    return undefined
  }
}

/** Where `service` publishes the public half of the key `kid` in the registry's KV store. */
export const serviceKeyPath = (service: string, kid: string) => `shopfront/${service}/service-keys/${kid}`

/** The issuer a service's own tokens name: the service itself. */
export const serviceIssuer = (service: string) => `shopfront-${service}`

/** The service whose own key a `kid` names (`<service>.<uuid>`); undefined for the signer's keys. */
export const serviceOfKid = (kid: unknown) =>
  typeof kid === 'string' ? /^([a-z][a-z0-9-]*)\.[0-9a-f-]{36}$/.exec(kid)?.[1] : undefined

/** Reads the public key `kid` that `service` published and that has not run out; undefined if none. */
export type ServiceKeys = (service: string, kid: string) => Promise<JWK | undefined>

/** The services' published keys in Consul's KV store (the development registry speaks the same API). */
export function serviceKeysInRegistry(consul: Consul, now = Date.now): ServiceKeys {
  const read = copiesInRegistry(consul)
  return async (service, kid) => liveEntry(await read(serviceKeyPath(service, kid)), now())?.jwk
}

/**
 * This instance's own key for its service tokens, so that its calls to other services need
 * nothing of users (which signs people's tokens): made at start and kept in memory only,
 * its public half published in the registry under `shopfront/<service>/service-keys/<kid>`,
 * where only the service's own ACL token may write. `publish()` (a background job, every
 * half token lifetime) keeps the entry three lifetimes ahead and removes the service's
 * entries that ran out (instances that crashed); `withdraw()` removes it at shutdown.
 * `token()` signs a token (`sub` `service:<service>`, role `service`) once the key is
 * published, and undefined before: the caller asks users then. Verifiers accept such a
 * token only for the service whose folder holds the key, and only with the `service` role.
 */
export async function ownServiceKey({
  service,
  consul,
  audience,
  ttlSeconds = 300,
  logger,
  now = Date.now,
}: {
  service: string
  consul: Consul
  audience: () => string
  ttlSeconds?: number
  logger?: Logger
  now?: () => number
}) {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const kid = `${service}.${crypto.randomUUID()}`
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }
  const folder = serviceKeyPath(service, '')
  const read = copiesInRegistry(consul)
  let publishedUntil = 0
  let firstPublication: Promise<void> | undefined

  /** The service's entries that ran out: what instances that never withdrew left. */
  async function sweep() {
    const keys = ((await consul.kv.keys({ key: folder, timeout: 2000 } as { key: string })) ?? []) as string[]
    for (const key of keys) {
      if (!liveEntry(await read(key), now())) {
        await consul.kv.del({ key, timeout: 2000 } as { key: string })
        logger?.info('removed a service key that ran out', { key })
      }
    }
  }

  return {
    kid,
    /** How long its tokens live; the key is published again every half of it. */
    ttlSeconds,
    /** Publishes (or renews) the key's public half, then sweeps the service's keys that ran out. */
    async publish() {
      const expiresAt = now() + 3 * ttlSeconds * 1000
      const value = JSON.stringify({ jwk, expiresAt } satisfies PublishedKey)
      const key = serviceKeyPath(service, kid)
      const written = consul.kv.set({ key, value, timeout: 2000 } as { key: string; value: string }).then((taken) => {
        if (!taken) throw new Error(`the registry did not take ${key}`)
        publishedUntil = expiresAt
      })
      if (!publishedUntil) firstPublication = written
      await written
      await sweep()
    },
    /** A service token of this key while its publication outlives it; undefined otherwise. */
    async token(): Promise<ServiceTokenAnswer | undefined> {
      // a call right after start waits for the first publication under way rather than ask users
      if (!publishedUntil) await firstPublication?.catch(() => {})
      if (publishedUntil < now() + ttlSeconds * 1000) return undefined
      const accessToken = await new SignJWT({ roles: ['service'] })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setSubject(`service:${service}`)
        .setIssuer(serviceIssuer(service))
        .setAudience(audience())
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey)
      return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds }
    },
    /** Removes the key from the registry (at shutdown: the tokens it signed leave with this instance). */
    async withdraw() {
      publishedUntil = 0
      await consul.kv.del({ key: serviceKeyPath(service, kid), timeout: 2000 } as { key: string })
    },
  }
}

export type OwnServiceKey = Awaited<ReturnType<typeof ownServiceKey>>

/** The background job that keeps `own` published (every half token lifetime) and withdraws it when stopped. */
export function publishingOwnKey(own: OwnServiceKey, logger: Logger) {
  const job = repeatInBackground({
    name: 'publishing the service key',
    run: () => own.publish(),
    intervalMs: () => (own.ttlSeconds * 1000) / 2,
    logger,
  })
  return {
    start: job.start,
    async stop() {
      await job.stop()
      await own.withdraw().catch((err) => logger.warn('service key not withdrawn', { error: String(err) }))
    },
  }
}

/**
 * Verifies tokens signed with services' own keys: the key `kid` that `service` published
 * (kept a minute, a missing one a few seconds), the service's issuer, the audience, `sub`
 * naming that service and the `service` role alone: a service's key vouches for nothing
 * but itself. A registry that cannot be read is a 503 (the caller tries again).
 */
export function serviceTokenChecker(
  serviceKeys: ServiceKeys,
  { audience, algorithms, now = Date.now }: { audience: string; algorithms: string[]; now?: () => number },
) {
  const known = new Map<string, { key?: CryptoKey; until: number }>()
  const keyOf = async (service: string, kid: string) => {
    const held = known.get(kid)
    if (held && held.until > now()) return held.key
    const jwk = await serviceKeys(service, kid).catch((cause) => {
      throw new AppError('unavailable', 'Tokens cannot be verified right now: the registry cannot be read.', {
        cause,
        retryAfter: 5,
      })
    })
    const key = jwk && ((await importJWK(jwk, 'ES256')) as CryptoKey)
    const oldest = known.keys().next()
    if (known.size >= 1000 && !oldest.done) known.delete(oldest.value)
    known.set(kid, { key, until: now() + (key ? 60_000 : 5_000) })
    return key
  }
  return async (token: string, service: string, kid: string) => {
    const key = await keyOf(service, kid)
    if (!key) throw new errors.JWKSNoMatchingKey()
    const result = await jwtVerify(token, key, {
      issuer: serviceIssuer(service),
      audience,
      algorithms,
      requiredClaims: ['sub', 'exp'],
    })
    const { payload } = result
    if (payload.sub !== `service:${service}`)
      throw new errors.JWTClaimValidationFailed('a service key signs for its service only', payload, 'sub')
    if (JSON.stringify(payload.roles) !== '["service"]')
      throw new errors.JWTClaimValidationFailed('a service key grants the service role only', payload, 'roles')
    return result
  }
}
