import type { Passwords } from './passwords.ts'
import { AppError, type Queryable } from '@shopfront/kit'
import type { Address } from '../contract.ts'
import { normalizeEmail, userView } from './accounts.service.ts'
import { revokeAccess, revokeAllSessions } from './tokens.ts'
import type { UserQuery, UsersRepo } from './users.repo.ts'

export interface ProfileChange {
  name?: string
  phone?: string | null
  shippingAddress?: Address | null
  marketingOptIn?: boolean
}

/** Whether the account can run the back office: an admin, not disabled. */
const activeAdmin = (u: { roles: string[]; disabled: boolean }) => u.roles.includes('admin') && !u.disabled
/** The same roles, in any order (both without repeats). */
const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((r) => b.includes(r))

/** A user's own profile and password, and the admins' view of every user. */
export function createProfiles(users: UsersRepo, passwords: Passwords) {
  const mustGet = async (id: string, q?: Queryable) => {
    const user = await users.find(id, q)
    if (!user) throw new AppError('not_found', `No user ${id}.`)
    return user
  }

  return {
    async update(id: string, change: ProfileChange) {
      await users.update(id, change)
      return userView(await mustGet(id))
    },

    /** A new password ends every session (refresh token) of the user. */
    async changePassword(id: string, current: string, next: string) {
      const user = await mustGet(id)
      if (!(await passwords.verify(current, user.passwordHash))) {
        throw new AppError('validation', 'The current password is wrong.', {
          errors: [{ path: 'currentPassword', message: 'wrong' }],
        })
      }
      const passwordHash = await passwords.hash(next)
      await users.transaction(async (tx) => {
        await users.update(id, { passwordHash }, tx)
        await revokeAllSessions(tx, id)
      })
    },

    async list(query: UserQuery & { page: number; limit: number }) {
      const { items, total } = await users.list(query)
      return { items: items.map(userView), total }
    },

    get: async (id: string) => userView(await mustGet(id)),

    /**
     * Roles and the disabled flag; disabling ends every session, and a change of roles stops
     * the access tokens that carry the old ones (a session refreshes into the new). The shop
     * keeps an enabled admin: the last one cannot lose the role or be disabled (nobody could
     * run the back office). A deleted account stays as it is.
     */
    async administer(id: string, { roles, disabled }: { roles?: string[]; disabled?: boolean }) {
      await users.transaction(async (tx) => {
        const user = await mustGet(id, tx)
        if (user.deletedAt) throw new AppError('conflict', 'This account was deleted: it stays closed.')
        const after = { roles: roles ?? user.roles, disabled: disabled ?? user.disabled }
        if (activeAdmin(user) && !activeAdmin(after) && !(await users.lockedOtherAdmin(tx, id)))
          throw new AppError('conflict', `${user.email} is the only admin: make someone else an admin first.`)
        const newRoles = roles && [...new Set(roles)]
        await users.update(id, { roles: newRoles, disabled }, tx)
        if (disabled) await revokeAllSessions(tx, id)
        // tokens carry roles: the old ones stop, and the next refresh carries the new roles
        else if (newRoles && !sameRoles(newRoles, user.roles)) await revokeAccess(tx, id)
      })
      return userView(await mustGet(id))
    },

    /**
     * Creates the configured first admin when the install has no admin. An existing
     * account with that e-mail is never promoted (anyone could have registered it first):
     * the answer is 'taken', and the operator picks another e-mail or grants the role.
     */
    async ensureFirstAdmin(
      admin: { email: string; name: string; password: string } | undefined,
    ): Promise<'created' | 'exists' | 'taken' | 'none'> {
      if (!admin) return 'none'
      return users.transaction(async (tx) => {
        if (await users.lockedAdminCheck(tx)) return 'exists'
        const passwordHash = await passwords.hash(admin.password)
        const created = await users.create(tx, {
          email: normalizeEmail(admin.email),
          passwordHash,
          name: admin.name,
          roles: ['customer', 'admin'],
          verified: true,
        })
        return created ? 'created' : 'taken'
      })
    },
  }
}

export type Profiles = ReturnType<typeof createProfiles>
