import type { Passwords } from './passwords.ts'
import { AppError, enqueueMail, type Transaction } from '@shopfront/kit'
import { verificationCodes } from '../db/schema.ts'
import type { SignInThrottle } from './sign-in-throttle.ts'
import { verificationMail } from './account-mail.ts'
import { secondsBeforeResend, storeCode, useCode } from './one-time-codes.ts'
import type { Tokens } from './tokens.ts'
import type { User, UsersRepo } from './users.repo.ts'
import type { AddressDigest } from './erased-addresses.ts'

export type ShopLinks = { publicUrl: string; mailDomain: string }
/** What work on accounts that e-mails their owners needs: the accounts, passwords, and where the e-mails' links lead. */
export type AccountWork = {
  users: UsersRepo
  passwords: Passwords
  shop: () => ShopLinks
  /** The digest a deleted account's address is kept as (erased-addresses.ts). */
  addressDigest: AddressDigest
}

export interface AccountSettings {
  codeTtlMinutes: number
  maxAttempts: number
  resendAfterSeconds: number
}

const commonPasswords = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwerty123',
  'qwertyuiop',
  'iloveyou',
  'letmein123',
  'welcome123',
  'admin123',
  'abc12345',
  '11111111',
  '00000000',
  'shopfront',
])

/** Refuses a password from the list of the most common ones, as a field error on `field`. */
export function refuseCommon(password: string, field: string) {
  if (commonPasswords.has(password.toLowerCase()))
    throw new AppError('validation', 'That password is too common.', {
      errors: [{ path: field, message: 'too common' }],
    })
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

/** A user as the API shows one: never the password's hash. */
export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    shippingAddress: user.shippingAddress,
    marketingOptIn: user.marketingOptIn,
    roles: user.roles,
    emailVerified: user.emailVerifiedAt !== null,
    disabled: user.disabled,
    deletedAt: user.deletedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  }
}

/** Registration, e-mail verification and sign-in; passwords hashed with argon2id, never returned. */
export function createAccounts({
  users,
  tokens,
  settings,
  shop,
  throttle,
  passwords,
}: {
  users: UsersRepo
  tokens: Tokens
  passwords: Passwords
  settings: () => AccountSettings
  /** Where the e-mails' links lead, and the domain of their Message-IDs. */
  shop: () => ShopLinks
  throttle: SignInThrottle
}) {
  async function sendCode(tx: Transaction, user: User) {
    const ttlMinutes = settings().codeTtlMinutes
    const stored = await storeCode(tx, verificationCodes, user.id, ttlMinutes)
    const mail = verificationMail(user, { ...stored, ttlMinutes, shopUrl: shop().publicUrl })
    await enqueueMail(tx, mail, shop().mailDomain)
  }

  return {
    async register({ email, password, name }: { email: string; password: string; name: string }) {
      refuseCommon(password, 'password')
      const passwordHash = await passwords.hash(password)
      return users.transaction(async (tx) => {
        const user = await users.create(tx, { email: normalizeEmail(email), passwordHash, name })
        if (!user)
          throw new AppError('conflict', 'An account with this e-mail already exists.', {
            errors: [{ path: 'email', message: 'already registered' }],
          })
        await sendCode(tx, user)
        return userView(user)
      })
    },

    /**
     * One answer for every way a code can fail (unknown e-mail, wrong or expired code, too
     * many tries, an account already verified), so the endpoint tells nobody which accounts exist.
     * The right code signs the newcomer in (the tokens login gives; none for a disabled
     * account): it proves the mailbox as a reset code does, which sets a password.
     */
    async verify({ email, code }: { email: string; code: string }) {
      const wrong = () =>
        new AppError('unprocessable', 'The code is wrong, has expired or was used up: ask for a new one.', {
          errors: [{ path: 'code', message: 'wrong or expired' }],
        })
      return users
        .transaction(async (tx) => {
          const user = await users.lockByEmail(tx, normalizeEmail(email))
          if (!user || user.emailVerifiedAt) return wrong()
          // a wrong code is returned, not thrown: the failed try must be committed to count
          if (!(await useCode(tx, verificationCodes, user.id, code, settings().maxAttempts))) return wrong()
          await users.markVerified(tx, user.id)
          return user
        })
        .then(async (user) => {
          if (user instanceof AppError) throw user
          return user.disabled
            ? { verified: true as const }
            : { verified: true as const, ...(await tokens.issue(user)) }
        })
    },

    /** A new code, at most once per `resendAfterSeconds`; silent for unknown or verified e-mails (no account probing). */
    async resend(email: string) {
      await users.transaction(async (tx) => {
        const user = await users.lockByEmail(tx, normalizeEmail(email))
        if (!user || user.emailVerifiedAt) return
        const wait = await secondsBeforeResend(tx, verificationCodes, user.id, settings().resendAfterSeconds)
        if (wait > 0)
          throw new AppError('rate_limited', `A code was sent moments ago; ask again in ${wait} s.`, {
            retryAfter: wait,
          })
        await sendCode(tx, user)
      })
    },

    async login({ email, password }: { email: string; password: string }, ip = 'unknown') {
      const address = normalizeEmail(email)
      const invalid = () => new AppError('unauthorized', 'Invalid e-mail or password.')
      const slowDown = (seconds: number) =>
        new AppError(
          'rate_limited',
          'Too many failed sign-ins: wait a moment (Retry-After says how long) and try again.',
          { retryAfter: seconds },
        )
      // before the password is even looked at: a guess made during the wait gains nothing
      const wait = await throttle.waitFor(address, ip)
      if (wait) throw slowDown(wait)
      const user = await users.findByEmail(address)
      // no such user: as long as a wrong password takes, so unknown e-mails cannot be told apart
      const matches = user ? await passwords.verify(password, user.passwordHash) : await passwords.verifyNone(password)
      if (!user || !matches) {
        const refused = await throttle.addressRefusedFor(ip)
        await throttle.failed(address, ip, { accountExists: !!user })
        throw refused ? slowDown(refused) : invalid()
      }
      if (user.disabled) throw new AppError('forbidden', 'This account is disabled.')
      if (!user.emailVerifiedAt)
        throw new AppError('forbidden', 'Verify your e-mail first: enter the code we sent you.')
      await throttle.succeeded(address, ip)
      return tokens.issue(user)
    },

    async me(id: string) {
      const user = await users.find(id)
      if (!user) throw new AppError('not_found', 'No such user.')
      return userView(user)
    },
  }
}
