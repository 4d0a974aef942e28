import { createHash } from 'node:crypto'
import { deleteUpTo, type PostgresJsDatabase, type Queryable, type Transaction } from '@shopfront/kit'
import { and, eq, gt, lte, sql } from 'drizzle-orm'
import { sessions } from '../db/schema.ts'

/** A session as the pages see it: a guest (no `user`) or a signed-in user, with the tokens kept here. */
export interface Session {
  idHash: string
  guestId: string
  user?: { id: string; email: string; name: string; roles: string[] }
  accessToken?: string
  refreshToken?: string
  accessExpiresAt?: Date
  cartCount: number
}

export interface SignedIn {
  user: NonNullable<Session['user']>
  accessToken: string
  refreshToken: string
  accessExpiresAt: Date
}

/** The row's key: the SHA-256 of the cookie's value, so the table alone opens no session. */
export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('base64url')

const toSession = (r: typeof sessions.$inferSelect): Session => ({
  idHash: r.idHash,
  guestId: r.guestId,
  user: r.userId ? { id: r.userId, email: r.email ?? '', name: r.name ?? '', roles: r.roles } : undefined,
  accessToken: r.accessToken ?? undefined,
  refreshToken: r.refreshToken ?? undefined,
  accessExpiresAt: r.accessExpiresAt ?? undefined,
  cartCount: r.cartCount,
})

const expiresIn = (idleDays: number) => sql`now() + make_interval(days => ${idleDays})`
const byHash = (idHash: string) => eq(sessions.idHash, idHash)

/** The sessions table: every statement about sessions is here. */
export function createSessionsRepo(db: PostgresJsDatabase) {
  return {
    /** The live session with this id (its expiry slides forward), or undefined. */
    async find(id: string, idleDays: number): Promise<Session | undefined> {
      const [row] = await db
        .update(sessions)
        .set({ seenAt: sql`now()`, expiresAt: expiresIn(idleDays) })
        .where(and(byHash(hashSessionId(id)), gt(sessions.expiresAt, sql`now()`)))
        .returning()
      return row && toSession(row)
    },

    async create(
      id: string,
      idleDays: number,
      signedIn?: SignedIn,
      guestId: string = crypto.randomUUID(),
    ): Promise<Session> {
      const [row] = await db
        .insert(sessions)
        .values({
          idHash: hashSessionId(id),
          guestId,
          userId: signedIn?.user.id ?? null,
          email: signedIn?.user.email ?? null,
          name: signedIn?.user.name ?? null,
          roles: signedIn?.user.roles ?? [],
          accessToken: signedIn?.accessToken ?? null,
          refreshToken: signedIn?.refreshToken ?? null,
          accessExpiresAt: signedIn?.accessExpiresAt ?? null,
          expiresAt: expiresIn(idleDays),
        })
        .returning()
      return toSession(row as typeof sessions.$inferSelect)
    },

    /** Runs `work` with the session's row locked: one refresh at a time per session, across replicas. */
    locked<T>(idHash: string, work: (current: Session | undefined, tx: Transaction) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(sessions).where(byHash(idHash)).for('update')
        return work(row && toSession(row), tx)
      })
    },

    /** A refresh's tokens, and the roles the new access token carries (an admin may have changed them). */
    async saveTokens(tx: Transaction, idHash: string, t: Omit<SignedIn, 'user'>, roles: string[]) {
      await tx
        .update(sessions)
        .set({ accessToken: t.accessToken, refreshToken: t.refreshToken, accessExpiresAt: t.accessExpiresAt, roles })
        .where(byHash(idHash))
    },

    /** The user is no longer signed in on this session (refresh refused); the guest id stays. */
    async signOut(idHash: string, tx: Queryable = db) {
      await tx
        .update(sessions)
        .set({
          userId: null,
          email: null,
          name: null,
          roles: [],
          accessToken: null,
          refreshToken: null,
          accessExpiresAt: null,
          cartCount: 0,
        })
        .where(byHash(idHash))
    },

    async setName(idHash: string, name: string) {
      await db.update(sessions).set({ name }).where(byHash(idHash))
    },

    async setCartCount(idHash: string, count: number) {
      await db.update(sessions).set({ cartCount: count }).where(byHash(idHash))
    },

    async remove(idHash: string) {
      await db.delete(sessions).where(byHash(idHash))
    },

    /** Removes up to `size` ended sessions; how many. */
    sweep: (size: number) => deleteUpTo(db, sessions, sessions.idHash, lte(sessions.expiresAt, sql`now()`), size),
  }
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>
