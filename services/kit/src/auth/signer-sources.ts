import type Consul from 'consul'
import type { JSONWebKeySet } from 'jose'
import type { ServiceKeys } from './service-keys.ts'
import { createTokenVerifier, type Revocations } from './token-verifier.ts'

type SignerAuth = {
  jwksService: string
  jwksPath: string
  jwksUrl?: string
  revocationsPath: string
  revocationsTtlMs?: number
}
type ClientOf = (service: string) => { get<T>(path: string): Promise<T> }

/** Reads the copy a signer published in the registry's KV store (undefined when there is none). */
export type PublishedCopies = (key: string) => Promise<string | undefined>

/**
 * Where a signer publishes its copy of `path` in the registry's KV store: users' keys at
 * `shopfront/users/.well-known/jwks.json`.
 */
export const publishedKey = (service: string, path: string) => `shopfront/${service}${path}`

/** The signers' copies in Consul's KV store (the development registry speaks the same API). */
export const copiesInRegistry =
  (consul: Consul): PublishedCopies =>
  async (key) =>
    (await consul.kv.get({ key, timeout: 2000 } as { key: string }))?.Value ?? undefined

const pinned =
  <T>(url: string) =>
  async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
    if (!res.ok) throw new Error(`${url} answered ${res.status}`)
    return (await res.json()) as T
  }
const asClient =
  <T>(signer: ReturnType<ClientOf>, path: string) =>
  () =>
    signer.get<T>(path)

/**
 * GETs `path` of the signer: at the pinned `url` when given, else through the service
 * client; when the signer cannot answer, the copy it `published` in the registry.
 */
function fromSigner<T>(
  client: ClientOf,
  service: string,
  path: string,
  url: string | undefined,
  published: PublishedCopies | undefined,
): () => Promise<T> {
  const ask = url ? pinned<T>(url) : asClient<T>(client(service), path)
  if (!published) return ask
  return () =>
    ask().catch(async (err) => {
      const copy = await published(publishedKey(service, path)).catch(() => undefined)
      if (copy === undefined) throw err
      return JSON.parse(copy) as T
    })
}

/**
 * Where a verifier gets the signing keys: the pinned `auth.jwksUrl` when set (JWKS_URL),
 * else `auth.jwksService` through the service client (discovery, breaker, retries). A
 * pinned source means a rogue instance registered under the signer's name cannot hand
 * out keys. With `published`, the signer's copy in the registry while it cannot answer
 * (writable by the signer's ACL token only): a service started during its outage can
 * still verify tokens.
 */
export const jwksSource = (
  client: ClientOf,
  auth: SignerAuth,
  published?: PublishedCopies,
): (() => Promise<JSONWebKeySet>) => fromSigner(client, auth.jwksService, auth.jwksPath, auth.jwksUrl, published)

/** Where a verifier gets the signer's revocations: `auth.revocationsPath`, from the same places as the keys. */
export const revocationsSource = (
  client: ClientOf,
  auth: SignerAuth,
  published?: PublishedCopies,
): (() => Promise<Revocations>) =>
  fromSigner(
    client,
    auth.jwksService,
    auth.revocationsPath,
    auth.jwksUrl && new URL(auth.revocationsPath, auth.jwksUrl).href,
    published,
  )

/**
 * The verifier every service uses: keys and revocations from the signer (or its
 * `published` copies), with the issuer and audience of settings; with `serviceKeys`, the
 * services' own tokens against the keys they published.
 */
export function createServiceVerifier(
  client: ClientOf,
  auth: SignerAuth & { issuer: string; audience: string },
  published?: PublishedCopies,
  serviceKeys?: ServiceKeys,
) {
  return createTokenVerifier({
    serviceKeys,
    fetchJwks: jwksSource(client, auth, published),
    fetchRevocations: revocationsSource(client, auth, published),
    revocationsTtlMs: auth.revocationsTtlMs,
    issuer: auth.issuer,
    audience: auth.audience,
  })
}
