import { exportJWK, generateKeyPair, importJWK, type JWK, type JSONWebKeySet } from 'jose'
import { createCipher, type PostgresJsDatabase, secondsAgo } from '@shopfront/kit'
import { desc, gt, max, min, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { signingKeys } from '../db/schema.ts'

/**
 * The service's signing keys: ES256, stored in its database with the private half
 * encrypted. A new key is made when the newest is older than `rotationHours`; a retired
 * key stays in the JWKS until every token it signed has expired.
 */
export function createSigningKeys(
  db: PostgresJsDatabase,
  {
    encryptionKey,
    rotationHours,
    tokenTtlSeconds,
  }: { encryptionKey: string; rotationHours: number; tokenTtlSeconds: number },
) {
  const cipher = createCipher(encryptionKey)
  let current: { kid: string; key: CryptoKey; createdAt: number } | undefined

  async function rotateIfDue() {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(727276)`)
      const [newest] = await tx
        .select({ createdAt: signingKeys.createdAt })
        .from(signingKeys)
        .orderBy(desc(signingKeys.createdAt))
        .limit(1)
      if (newest && Date.now() - newest.createdAt.getTime() < rotationHours * 3_600_000) return
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
      const kid = `${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }
      const privateJwkEncrypted = cipher.encrypt(JSON.stringify(await exportJWK(privateKey)))
      await tx.insert(signingKeys).values({ kid, publicJwk, privateJwkEncrypted })
    })
    current = undefined
  }

  return {
    rotateIfDue,
    /** The key new tokens are signed with. */
    async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
      if (!current || Date.now() - current.createdAt > 60_000) {
        const newest = () => db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt)).limit(1)
        let [row] = await newest()
        if (!row) {
          await rotateIfDue()
          ;[row] = await newest()
        }
        if (!row) throw new Error('no signing key after a rotation')
        const jwk = JSON.parse(cipher.decrypt(row.privateJwkEncrypted)) as JWK
        current = { kid: row.kid, key: (await importJWK(jwk, 'ES256')) as CryptoKey, createdAt: Date.now() }
      }
      return current
    },
    /**
     * Every key whose tokens may still be valid: the current one and those retired less than
     * a token's lifetime ago. Never none: a new install's first key is made here if no
     * token has been signed yet, so no verifier (nor the registry's copy) holds an empty set.
     */
    async jwks(): Promise<JSONWebKeySet> {
      // a key retires when the next one is made; its tokens live a token's lifetime after that
      const next = alias(signingKeys, 'next')
      const retiredAt = db
        .select({ at: min(next.createdAt) })
        .from(next)
        .where(gt(next.createdAt, signingKeys.createdAt))
      const live = () =>
        db
          .select({ jwk: signingKeys.publicJwk })
          .from(signingKeys)
          .where(
            sql`${signingKeys.createdAt} = (${db.select({ at: max(signingKeys.createdAt) }).from(signingKeys)})
            OR (${retiredAt}) > ${secondsAgo(tokenTtlSeconds + 60)}`,
          )
          .orderBy(desc(signingKeys.createdAt))
      let rows = await live()
      if (rows.length === 0) {
        await rotateIfDue()
        rows = await live()
      }
      return { keys: rows.map((r) => r.jwk) }
    },
  }
}

export type SigningKeys = ReturnType<typeof createSigningKeys>
