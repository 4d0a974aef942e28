import { exportJWK, generateKeyPair, importJWK, type JWK, type JSONWebKeySet } from 'jose'
import type { Sql } from 'postgres'
import { createCipher } from '@shopfront/kit'

/**
 * The service's signing keys: ES256, stored in its database with the private half
 * encrypted. A new key is made when the newest is older than `rotationHours`; a retired
 * key stays in the JWKS until every token it signed has expired.
 */
export function createSigningKeys(
  sql: Sql,
  {
    encryptionKey,
    rotationHours,
    tokenTtlSeconds,
  }: { encryptionKey: string; rotationHours: number; tokenTtlSeconds: number },
) {
  const cipher = createCipher(encryptionKey)
  let current: { kid: string; key: CryptoKey; createdAt: number } | undefined

  async function rotateIfDue() {
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(727276)`
      const [newest] = await tx`SELECT created_at FROM signing_keys ORDER BY created_at DESC LIMIT 1`
      if (newest && Date.now() - new Date(newest.created_at).getTime() < rotationHours * 3_600_000) return
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
      const kid = `${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }
      await tx`INSERT INTO signing_keys (kid, public_jwk, private_jwk_encrypted) VALUES (${kid}, ${tx.json(publicJwk)}, ${cipher.encrypt(JSON.stringify(await exportJWK(privateKey)))})`
    })
    current = undefined
  }

  return {
    rotateIfDue,
    /** The key new tokens are signed with. */
    async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
      if (!current || Date.now() - current.createdAt > 60_000) {
        const newest = () => sql`SELECT kid, private_jwk_encrypted FROM signing_keys ORDER BY created_at DESC LIMIT 1`
        let [row] = await newest()
        if (!row) {
          await rotateIfDue()
          ;[row] = await newest()
        }
        const jwk = JSON.parse(cipher.decrypt(row!.private_jwk_encrypted)) as JWK
        current = { kid: row!.kid, key: (await importJWK(jwk, 'ES256')) as CryptoKey, createdAt: Date.now() }
      }
      return current
    },
    /** Every key whose tokens may still be valid: the current one and those retired less than a token's lifetime ago. */
    async jwks(): Promise<JSONWebKeySet> {
      const rows = await sql`
        SELECT public_jwk FROM signing_keys k
        WHERE k.created_at = (SELECT max(created_at) FROM signing_keys)
           OR (SELECT min(n.created_at) FROM signing_keys n WHERE n.created_at > k.created_at) > now() - ${tokenTtlSeconds + 60} * interval '1 second'
        ORDER BY created_at DESC`
      return { keys: rows.map((r) => r.public_jwk as JWK) }
    },
  }
}

export type SigningKeys = ReturnType<typeof createSigningKeys>
