import { AppError, enqueueMail } from '@shopfront/kit'
import { accountDeletedMail } from './account-mail.ts'
import type { AccountWork } from './accounts.service.ts'
import { revokeAllSessions } from './tokens.ts'
import type { User } from './users.repo.ts'

/**
 * Deleting a customer's account: by the customer, their password asked again, or by an admin
 * (a customer who asked by e-mail or in a ticket). The account's personal data is erased and
 * every session ends, in one transaction with the e-mail that says so (to the address it
 * had). Its address is kept only as a digest (erased-addresses.ts), which an import passes
 * over. Staff accounts are not deleted: an admin disables them, or takes their staff roles
 * first, so the back office always keeps someone who can run it.
 */
export function createAccountClosing({ users, passwords, shop, addressDigest }: AccountWork) {
  async function erase(user: User) {
    if (user.roles.some((role) => role !== 'customer'))
      throw new AppError(
        'conflict',
        'A staff account is not deleted: an admin disables it, or takes its staff roles first (Users, in the back office).',
      )
    // nobody knows this password, and the account can no longer be found by an address to try one
    const unusable = await passwords.unusable()
    await users.transaction(async (tx) => {
      await enqueueMail(tx, accountDeletedMail(user, { shopUrl: shop().publicUrl }), shop().mailDomain)
      await users.erase(tx, user.id, { unusablePasswordHash: unusable, addressDigest: addressDigest(user.email) })
      await revokeAllSessions(tx, user.id)
    })
  }
  const live = async (id: string) => {
    const user = await users.find(id)
    if (!user || user.deletedAt) throw new AppError('not_found', `No user ${id}.`)
    return user
  }

  return {
    /** The signed-in customer's own account, with its password. */
    async own(id: string, password: string) {
      const user = await live(id)
      if (!(await passwords.verify(password, user.passwordHash)))
        throw new AppError('validation', 'The password is wrong.', { errors: [{ path: 'password', message: 'wrong' }] })
      await erase(user)
    },
    /** A customer's account, by an admin (never their own: theirs is a staff account anyway). */
    byAdmin: async (id: string) => erase(await live(id)),
  }
}

export type AccountClosing = ReturnType<typeof createAccountClosing>
