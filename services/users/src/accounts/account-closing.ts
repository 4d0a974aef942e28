import { AppError, enqueueMail } from '@shopfront/kit'
import { accountDeletedMail } from './account-mail.ts'
import type { ShopLinks } from './accounts.service.ts'
import type { Passwords } from './passwords.ts'
import { revokeAllSessions } from './tokens.ts'
import type { UsersRepo } from './users.repo.ts'

/**
 * A customer deleting their own account, with its password: the account's personal data is
 * erased and every session ends, in one transaction with the e-mail that says so (to the
 * address it had). Staff accounts are closed by an admin (disabled), so the back office
 * always keeps someone who can run it.
 */
export function createAccountClosing({
  users,
  passwords,
  shop,
}: {
  users: UsersRepo
  passwords: Passwords
  shop: () => ShopLinks
}) {
  return async function deleteAccount(id: string, password: string) {
    const user = await users.find(id)
    if (!user || user.deletedAt) throw new AppError('not_found', `No user ${id}.`)
    if (!(await passwords.verify(password, user.passwordHash)))
      throw new AppError('validation', 'The password is wrong.', { errors: [{ path: 'password', message: 'wrong' }] })
    if (user.roles.some((role) => role !== 'customer'))
      throw new AppError(
        'conflict',
        'A staff account is not deleted by its owner: an admin closes it (Users, in the back office).',
      )
    // nobody knows this password, and the account can no longer be found by an address to try one
    const unusable = await passwords.hash(crypto.randomUUID())
    await users.transaction(async (tx) => {
      await enqueueMail(tx, accountDeletedMail(user, { shopUrl: shop().publicUrl }), shop().mailDomain)
      await users.erase(tx, id, unusable)
      await revokeAllSessions(tx, id)
    })
  }
}
