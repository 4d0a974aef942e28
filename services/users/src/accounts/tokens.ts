import { createHash, randomBytes } from 'node:crypto'
import { SignJWT } from 'jose'
import type { Sql, TransactionSql } from 'postgres'
import { AppError } from '@shopfront/kit'
import type { SigningKeys } from '../keys/signing-keys.ts'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Ends every session of a user (each live refresh token revoked), inside the caller's transaction when given one. */
export async function revokeAllSessions(db: Sql | TransactionSql, userId: string) {
  await db`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`
}

/**
 * Access tokens (short-lived ES256 JWTs with kid, iss, aud, sub, roles) and refresh tokens
 * (opaque, stored hashed, rotated on every use). A refresh token used twice means it was
 * stolen: its whole family is revoked.
 */
export function createTokens(
  sql: Sql,
  keys: SigningKeys,
  settings: () => { issuer: string; audience: string; accessTtl: number; refreshTtlDays: number },
) {
  async function sign(subject: string, roles: string[], ttlSeconds: number) {
    const { issuer, audience } = settings()
    const { kid, key } = await keys.signingKey()
    return new SignJWT({ roles })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key)
  }
  const accessToken = (user: { id: string; roles: string[] }) => sign(user.id, user.roles, settings().accessTtl)

  async function issue(user: { id: string; roles: string[] }, familyId: string = crypto.randomUUID()) {
    const refreshToken = randomBytes(32).toString('base64url')
    await sql`
      INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
      VALUES (${familyId}, ${user.id}, ${hashToken(refreshToken)}, now() + ${settings().refreshTtlDays} * interval '1 day')`
    return {
      accessToken: await accessToken(user),
      refreshToken,
      tokenType: 'Bearer' as const,
      expiresIn: settings().accessTtl,
    }
  }

  const invalid = () => new AppError('unauthorized', 'The refresh token is not valid; sign in again.')

  return {
    issue,
    /** A short-lived token for another service (role `service`), after its client credentials were checked. */
    async serviceToken(clientId: string, ttlSeconds: number) {
      return {
        accessToken: await sign(`service:${clientId}`, ['service'], ttlSeconds),
        tokenType: 'Bearer' as const,
        expiresIn: ttlSeconds,
      }
    },
    /** Exchanges a refresh token for a new pair; a reused one revokes its family. */
    async refresh(refreshToken: string) {
      const outcome = await sql.begin(async (tx) => {
        const [row] = await tx`SELECT * FROM refresh_tokens WHERE token_hash = ${hashToken(refreshToken)} FOR UPDATE`
        if (!row || row.revoked_at || new Date(row.expires_at) < new Date()) return 'invalid' as const
        if (row.used_at) {
          await tx`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ${row.family_id} AND revoked_at IS NULL`
          return 'reused' as const
        }
        const [user] = await tx`SELECT id, roles, disabled FROM users WHERE id = ${row.user_id}`
        if (!user || user.disabled) return 'invalid' as const
        await tx`UPDATE refresh_tokens SET used_at = now() WHERE id = ${row.id}`
        return { user: { id: user.id as string, roles: user.roles as string[] }, familyId: row.family_id as string }
      })
      if (outcome === 'invalid' || outcome === 'reused') throw invalid()
      return issue(outcome.user, outcome.familyId)
    },
    /** Revokes the refresh token's family (the session). */
    async revoke(refreshToken: string, userId: string) {
      await sql`
        UPDATE refresh_tokens SET revoked_at = now()
        WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ${hashToken(refreshToken)} AND user_id = ${userId}) AND revoked_at IS NULL`
    },
  }
}

export type Tokens = ReturnType<typeof createTokens>
