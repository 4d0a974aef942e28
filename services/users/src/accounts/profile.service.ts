import type { Sql } from 'postgres'
import { AppError, pageWindow, totalColumn, totalOf } from '@shopfront/kit'
import { normalizeEmail, userView } from './accounts.service.ts'
import { revokeAllSessions } from './tokens.ts'

export interface ProfileChange {
  name?: string
  phone?: string | null
  shippingAddress?: Record<string, string> | null
  marketingOptIn?: boolean
}

/** A user's own profile and password, and the admins' view of every user. */
export function createProfiles(sql: Sql) {
  const mustGet = async (id: string) => {
    const [user] = await sql`SELECT * FROM users WHERE id = ${id}`
    if (!user) throw new AppError('not_found', `No user ${id}.`)
    return user
  }
  const revokeSessions = (id: string) => revokeAllSessions(sql, id)

  return {
    async update(id: string, change: ProfileChange) {
      const set: Record<string, unknown> = {}
      if (change.name !== undefined) set.name = change.name
      if (change.phone !== undefined) set.phone = change.phone
      if (change.shippingAddress !== undefined)
        set.shipping_address = change.shippingAddress === null ? null : sql.json(change.shippingAddress)
      if (change.marketingOptIn !== undefined) set.marketing_opt_in = change.marketingOptIn
      await sql`UPDATE users SET ${sql(set)}, updated_at = now() WHERE id = ${id}`
      return userView(await mustGet(id))
    },

    /** A new password ends every session (refresh token) of the user. */
    async changePassword(id: string, current: string, next: string) {
      const user = await mustGet(id)
      if (!(await Bun.password.verify(current, user.password_hash))) {
        throw new AppError('validation', 'The current password is wrong.', {
          errors: [{ path: 'currentPassword', message: 'wrong' }],
        })
      }
      await sql`UPDATE users SET password_hash = ${await Bun.password.hash(next, { algorithm: 'argon2id' })}, updated_at = now() WHERE id = ${id}`
      await revokeSessions(id)
    },

    async list({ q, page, limit }: { q?: string; page: number; limit: number }) {
      const pattern = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : undefined
      const rows = await sql`
        SELECT *, ${totalColumn(sql)} FROM users
        ${pattern ? sql`WHERE email ILIKE ${pattern} OR name ILIKE ${pattern}` : sql``}
        ORDER BY created_at DESC, id ${pageWindow(sql, { page, limit })}`
      return { items: rows.map(userView), total: totalOf(rows) }
    },

    get: async (id: string) => userView(await mustGet(id)),

    /** Roles and the disabled flag; disabling ends every session. */
    async administer(id: string, { roles, disabled }: { roles?: string[]; disabled?: boolean }) {
      await mustGet(id)
      const set: Record<string, unknown> = {}
      if (roles !== undefined) set.roles = [...new Set(roles)]
      if (disabled !== undefined) set.disabled = disabled
      await sql`UPDATE users SET ${sql(set)}, updated_at = now() WHERE id = ${id}`
      if (disabled) await revokeSessions(id)
      return userView(await mustGet(id))
    },

    /** Makes the configured first admin when the install has no admin yet (verified, so it can sign in). */
    /**
     * Creates the configured first admin when the install has no admin. An existing
     * account with that e-mail is never promoted (anyone could have registered it first):
     * the answer is 'taken', and the operator picks another e-mail or grants the role.
     */
    async ensureFirstAdmin(
      admin: { email: string; name: string; password: string } | undefined,
    ): Promise<'created' | 'exists' | 'taken' | 'none'> {
      if (!admin) return 'none'
      return sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(727277)`
        const [existing] = await tx`SELECT 1 FROM users WHERE 'admin' = ANY(roles) LIMIT 1`
        if (existing) return 'exists'
        const hash = await Bun.password.hash(admin.password, { algorithm: 'argon2id' })
        const [created] = await tx`
          INSERT INTO users (email, password_hash, name, roles, email_verified_at)
          VALUES (${normalizeEmail(admin.email)}, ${hash}, ${admin.name}, ${['customer', 'admin']}, now())
          ON CONFLICT (email) DO NOTHING RETURNING id`
        return created ? 'created' : 'taken'
      })
    },
  }
}

export type Profiles = ReturnType<typeof createProfiles>
