import { createHash, randomBytes } from 'node:crypto'
import { SignJWT } from 'jose'
import { AppError, type PostgresJsDatabase, type Queryable, type ServiceTokenAnswer } from '@shopfront/kit'
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm'
import { refreshTokens, users } from '../db/schema.ts'
import type { SigningKeys } from '../keys/signing-keys.ts'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Revokes the live refresh tokens that `which` selects. */
const revoke = (q: Queryable, which: SQL) =>
  q
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(which, isNull(refreshTokens.revokedAt)))

/** Ends every session of a user (each live refresh token revoked), inside the caller's transaction when given one. */
export async function revokeAllSessions(q: Queryable, userId: string) {
  await revoke(q, eq(refreshTokens.userId, userId))
}

/**
 * Access tokens (short-lived ES256 JWTs with kid, iss, aud, sub, roles) and refresh tokens
 * (opaque, stored hashed, rotated on every use). A refresh token used twice means it was
 * stolen: its whole family is revoked.
 */
export function createTokens(
  db: PostgresJsDatabase,
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
    await db.insert(refreshTokens).values({
      familyId,
      userId: user.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: sql`now() + ${settings().refreshTtlDays} * interval '1 day'`,
    })
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
    async serviceToken(clientId: string, ttlSeconds: number): Promise<ServiceTokenAnswer> {
      return {
        accessToken: await sign(`service:${clientId}`, ['service'], ttlSeconds),
        tokenType: 'Bearer',
        expiresIn: ttlSeconds,
      }
    },
    /** Exchanges a refresh token for a new pair; a reused one revokes its family. */
    async refresh(refreshToken: string) {
      const outcome = await db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, hashToken(refreshToken)))
          .for('update')
        if (!row || row.revokedAt || row.expiresAt < new Date()) return 'invalid' as const
        if (row.usedAt) {
          await revoke(tx, eq(refreshTokens.familyId, row.familyId))
          return 'reused' as const
        }
        const [user] = await tx
          .select({ id: users.id, roles: users.roles, disabled: users.disabled })
          .from(users)
          .where(eq(users.id, row.userId))
        if (!user || user.disabled) return 'invalid' as const
        await tx.update(refreshTokens).set({ usedAt: sql`now()` }).where(eq(refreshTokens.id, row.id))
        return { user: { id: user.id, roles: user.roles }, familyId: row.familyId }
      })
      if (outcome === 'invalid' || outcome === 'reused') throw invalid()
      return issue(outcome.user, outcome.familyId)
    },
    /** Revokes the refresh token's family (the session). */
    async revoke(refreshToken: string, userId: string) {
      const family = db
        .select({ familyId: refreshTokens.familyId })
        .from(refreshTokens)
        .where(and(eq(refreshTokens.tokenHash, hashToken(refreshToken)), eq(refreshTokens.userId, userId)))
      await revoke(db, eq(refreshTokens.familyId, sql`(${family})`))
    },
  }
}

export type Tokens = ReturnType<typeof createTokens>
