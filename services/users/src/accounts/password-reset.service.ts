import type { Passwords } from './passwords.ts'
import { AppError, enqueueMail } from '@shopfront/kit'
import { passwordResetMail } from './account-mail.ts'
import { type AccountSettings, normalizeEmail, refuseCommon, type ShopLinks } from './accounts.service.ts'
import type { SignInThrottle } from './sign-in-throttle.ts'
import { secondsBeforeResend, storeCode, useCode } from './one-time-codes.ts'
import { revokeAllSessions } from './tokens.ts'
import type { UsersRepo } from './users.repo.ts'
import { passwordResetCodes } from '../db/schema.ts'

/**
 * A forgotten password, reset by a six-digit code sent by e-mail. Neither step tells anyone
 * whether an account exists: a request is accepted for any address (a code goes out only
 * to an existing, enabled account, at most once per `resendAfterSeconds`), and every way a
 * code can fail has one answer. The new password ends every session of the account.
 */
export function createPasswordReset({
  users,
  settings,
  shop,
  throttle,
  passwords,
}: {
  users: UsersRepo
  settings: () => AccountSettings
  shop: () => ShopLinks
  throttle: SignInThrottle
  passwords: Passwords
}) {
  return {
    async request(email: string) {
      await users.transaction(async (tx) => {
        const user = await users.lockByEmail(tx, normalizeEmail(email), { enabledOnly: true })
        if (!user) return
        if (await secondsBeforeResend(tx, passwordResetCodes, user.id, settings().resendAfterSeconds)) return
        const ttlMinutes = settings().codeTtlMinutes
        const stored = await storeCode(tx, passwordResetCodes, user.id, ttlMinutes)
        const mail = passwordResetMail(user, { ...stored, ttlMinutes, shopUrl: shop().publicUrl })
        await enqueueMail(tx, mail, shop().mailDomain)
      })
    },

    /** Sets the new password when the code is right; the account's e-mail counts as verified (the code reached it). */
    async confirm({ email, code, newPassword }: { email: string; code: string; newPassword: string }, ip = 'unknown') {
      refuseCommon(newPassword, 'newPassword')
      const wrong = new AppError('unprocessable', 'The code is wrong, has expired or was used up: ask for a new one.', {
        errors: [{ path: 'code', message: 'wrong or expired' }],
      })
      const address = normalizeEmail(email)
      const passwordHash = await passwords.hash(newPassword)
      const done = await users.transaction(async (tx) => {
        const user = await users.lockByEmail(tx, address, { enabledOnly: true })
        // a wrong code is returned, not thrown: the failed try must be committed to count
        if (!user || !(await useCode(tx, passwordResetCodes, user.id, code, settings().maxAttempts))) return false
        await users.update(user.id, { passwordHash }, tx)
        await users.markVerified(tx, user.id)
        await revokeAllSessions(tx, user.id)
        return true
      })
      if (!done) throw wrong
      // the owner proved they read the account's mail: their earlier failed sign-ins no longer slow them
      await throttle.succeeded(address, ip)
    },
  }
}

export type PasswordReset = ReturnType<typeof createPasswordReset>
