import type { JSONWebKeySet } from 'jose'
import { createTokenVerifier, type Revocations } from './token-verifier.ts'

type SignerAuth = {
  jwksService: string
  jwksPath: string
  jwksUrl?: string
  revocationsPath: string
  revocationsTtlMs?: number
}
type ClientOf = (service: string) => { get<T>(path: string): Promise<T> }

/** GETs `path` of the signer: at the pinned `url` when given, else through the service client. */
function fromSigner<T>(client: ClientOf, service: string, path: string, url: string | undefined): () => Promise<T> {
  if (url) {
    return async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
      if (!res.ok) throw new Error(`${url} answered ${res.status}`)
      return (await res.json()) as T
    }
  }
  const signer = client(service)
  return () => signer.get<T>(path)
}

/**
 * Where a verifier gets the signing keys: the pinned `auth.jwksUrl` when set (JWKS_URL),
 * else `auth.jwksService` through the service client (discovery, breaker, retries). A
 * pinned source means a rogue instance registered under the signer's name cannot hand
 * out keys.
 */
export const jwksSource = (client: ClientOf, auth: SignerAuth): (() => Promise<JSONWebKeySet>) =>
  fromSigner(client, auth.jwksService, auth.jwksPath, auth.jwksUrl)

/** Where a verifier gets the signer's revocations: `auth.revocationsPath`, from the same place as the keys. */
export const revocationsSource = (client: ClientOf, auth: SignerAuth): (() => Promise<Revocations>) =>
  fromSigner(
    client,
    auth.jwksService,
    auth.revocationsPath,
    auth.jwksUrl && new URL(auth.revocationsPath, auth.jwksUrl).href,
  )

/** The verifier every service uses: keys and revocations from the signer, with the issuer and audience of settings. */
export function createServiceVerifier(client: ClientOf, auth: SignerAuth & { issuer: string; audience: string }) {
  return createTokenVerifier({
    fetchJwks: jwksSource(client, auth),
    fetchRevocations: revocationsSource(client, auth),
    revocationsTtlMs: auth.revocationsTtlMs,
    issuer: auth.issuer,
    audience: auth.audience,
  })
}
