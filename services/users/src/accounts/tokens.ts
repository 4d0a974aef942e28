import { createHash, randomBytes } from 'node:crypto'
import { SignJWT } from 'jose'
import {
  AppError,
  deleteUpTo,
  type PostgresJsDatabase,
  type Queryable,
  type ServiceTokenAnswer,
  secondsAgo,
} from '@shopfront/kit'
import { and, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm'
import type { Revocations } from '../contract.ts'
import { refreshTokens, users } from '../db/schema.ts'
import type { SigningKeys } from '../keys/signing-keys.ts'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Revokes the live refresh tokens that `which` selects. */
const revoke = (q: Queryable, which: SQL) =>
  q
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(which, isNull(refreshTokens.revokedAt)))

/**
 * Stops the user's access tokens issued so far: their version (`ver`) is now below the
 * user's, and /.well-known/revocations.json tells every verifier so until they expire.
 */
export async function revokeAccess(q: Queryable, userId: string) {
  await q
    .update(users)
    .set({ accessVersion: sql`${users.accessVersion} + 1`, accessRevokedAt: sql`now()` })
    .where(eq(users.id, userId))
}

/** Ends every session of a user (each live refresh token and access token revoked), inside the caller's transaction when given one. */
export async function revokeAllSessions(q: Queryable, userId: string) {
  await revoke(q, eq(refreshTokens.userId, userId))
  await revokeAccess(q, userId)
}

/**
 * What /.well-known/revocations.json says: the accounts whose access tokens were revoked
 * within a token's lifetime, each with the version below which its tokens stop, and the
 * sessions (refresh token families) ended within it, whose tokens carry them as `sid`.
 */
export async function accessRevocations(q: Queryable, accessTtlSeconds: number): Promise<Revocations> {
  const since = secondsAgo(accessTtlSeconds)
  const [accounts, sessions] = await Promise.all([
    q.select({ sub: users.id, version: users.accessVersion }).from(users).where(gt(users.accessRevokedAt, since)),
    q.selectDistinct({ sid: refreshTokens.familyId }).from(refreshTokens).where(gt(refreshTokens.revokedAt, since)),
  ])
  return { revocations: accounts, sessions: sessions.map((s) => s.sid) }
}

/**
 * Deletes up to `size` refresh tokens past use: expired longer ago than an access token
 * lives. A token that ran out is refused whether or not its row is there, and every live
 * access token was issued beside a refresh token that has not run out, so the sessions the
 * revocations list names are all still kept. How many went.
 */
export function sweepRefreshTokens(db: PostgresJsDatabase, accessTtlSeconds: number, size: number) {
  const pastUse = lt(refreshTokens.expiresAt, secondsAgo(accessTtlSeconds))
  return deleteUpTo(db, refreshTokens, refreshTokens.id, pastUse, size)
}

/** Who a token is for: the user, their roles, the version of their access tokens, and their contact. */
type Holder = { id: string; roles: string[]; accessVersion: number; email: string; name: string }

/**
 * Access tokens (short-lived ES256 JWTs with kid, iss, aud, sub, roles, ver) and refresh tokens
 * (opaque, stored hashed, rotated on every use). A refresh token used twice means it was
 * stolen: its whole family is revoked, and with it the access tokens of that session.
 */
export function createTokens(
  db: PostgresJsDatabase,
  keys: SigningKeys,
  settings: () => { issuer: string; audience: string; accessTtl: number; refreshTtlDays: number },
) {
  async function sign(
    subject: string,
    claims: { roles: string[]; ver?: number; sid?: string; email?: string; name?: string },
    ttlSeconds: number,
  ) {
    const { issuer, audience } = settings()
    const { kid, key } = await keys.signingKey()
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key)
  }
  // `sid`: the session (the refresh token family), so that ending it stops its access tokens too;
  // `email` and `name` (OpenID Connect's claims): who to write to, for a service while users cannot answer
  // (sales' checkout) or that writes to the user later (products' back-in-stock e-mail); the kit's contactOf reads them
  const accessToken = (user: Holder, familyId: string) =>
    sign(
      user.id,
      { roles: user.roles, ver: user.accessVersion, sid: familyId, email: user.email, name: user.name },
      settings().accessTtl,
    )

  async function issue(user: Holder, familyId: string = crypto.randomUUID()) {
    const refreshToken = randomBytes(32).toString('base64url')
    await db.insert(refreshTokens).values({
      familyId,
      userId: user.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: sql`now() + ${settings().refreshTtlDays} * interval '1 day'`,
    })
    return {
      accessToken: await accessToken(user, familyId),
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
        accessToken: await sign(`service:${clientId}`, { roles: ['service'] }, ttlSeconds),
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
          .select({
            id: users.id,
            roles: users.roles,
            disabled: users.disabled,
            accessVersion: users.accessVersion,
            email: users.email,
            name: users.name,
          })
          .from(users)
          .where(eq(users.id, row.userId))
        if (!user || user.disabled) return 'invalid' as const
        await tx.update(refreshTokens).set({ usedAt: sql`now()` }).where(eq(refreshTokens.id, row.id))
        return { user, familyId: row.familyId }
      })
      if (outcome === 'invalid' || outcome === 'reused') throw invalid()
      return issue(outcome.user, outcome.familyId)
    },
    /** The access tokens revoked while some may still be live (`accessRevocations`). */
    revocations: () => accessRevocations(db, settings().accessTtl),
    /** Revokes the refresh token's family (the session): its access tokens stop too, within seconds. */
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
