import { createHash } from 'node:crypto'
import type { Sql, TransactionSql } from 'postgres'

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

const toSession = (r: Record<string, any>): Session => ({
  idHash: r.id_hash,
  guestId: r.guest_id,
  user: r.user_id ? { id: r.user_id, email: r.email, name: r.name, roles: r.roles } : undefined,
  accessToken: r.access_token ?? undefined,
  refreshToken: r.refresh_token ?? undefined,
  accessExpiresAt: r.access_expires_at ? new Date(r.access_expires_at) : undefined,
  cartCount: r.cart_count,
})

/** The sessions table: every statement about sessions is here. */
export function createSessionsRepo(sql: Sql) {
  return {
    /** The live session with this id (its expiry slides forward), or undefined. */
    async find(id: string, idleDays: number): Promise<Session | undefined> {
      const [row] = await sql`
        UPDATE sessions SET seen_at = now(), expires_at = now() + make_interval(days => ${idleDays})
        WHERE id_hash = ${hashSessionId(id)} AND expires_at > now()
        RETURNING *`
      return row && toSession(row)
    },

    async create(
      id: string,
      idleDays: number,
      signedIn?: SignedIn,
      guestId: string = crypto.randomUUID(),
    ): Promise<Session> {
      const [row] = await sql`
        INSERT INTO sessions (id_hash, guest_id, user_id, email, name, roles, access_token, refresh_token, access_expires_at, expires_at)
        VALUES (${hashSessionId(id)}, ${guestId}, ${signedIn?.user.id ?? null}, ${signedIn?.user.email ?? null},
                ${signedIn?.user.name ?? null}, ${signedIn?.user.roles ?? []}, ${signedIn?.accessToken ?? null},
                ${signedIn?.refreshToken ?? null}, ${signedIn?.accessExpiresAt ?? null}, now() + make_interval(days => ${idleDays}))
        RETURNING *`
      return toSession(row!)
    },

    /** Runs `work` with the session's row locked: one refresh at a time per session, across replicas. */
    locked<T>(idHash: string, work: (current: Session | undefined, tx: TransactionSql) => Promise<T>): Promise<T> {
      return sql.begin(async (tx) => {
        const [row] = await tx`SELECT * FROM sessions WHERE id_hash = ${idHash} FOR UPDATE`
        return work(row && toSession(row), tx)
      }) as Promise<T>
    },

    async saveTokens(tx: TransactionSql, idHash: string, t: Omit<SignedIn, 'user'>) {
      await tx`
        UPDATE sessions SET access_token = ${t.accessToken}, refresh_token = ${t.refreshToken},
          access_expires_at = ${t.accessExpiresAt} WHERE id_hash = ${idHash}`
    },

    /** The user is no longer signed in on this session (refresh refused); the guest id stays. */
    async signOut(idHash: string, tx: Sql | TransactionSql = sql) {
      await tx`
        UPDATE sessions SET user_id = NULL, email = NULL, name = NULL, roles = '{}', access_token = NULL,
          refresh_token = NULL, access_expires_at = NULL, cart_count = 0 WHERE id_hash = ${idHash}`
    },

    async setName(idHash: string, name: string) {
      await sql`UPDATE sessions SET name = ${name} WHERE id_hash = ${idHash}`
    },

    async setCartCount(idHash: string, count: number) {
      await sql`UPDATE sessions SET cart_count = ${count} WHERE id_hash = ${idHash}`
    },

    async remove(idHash: string) {
      await sql`DELETE FROM sessions WHERE id_hash = ${idHash}`
    },

    /** Removes ended sessions; how many. */
    async sweep(): Promise<number> {
      return (await sql`DELETE FROM sessions WHERE expires_at <= now()`).count
    },
  }
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>
