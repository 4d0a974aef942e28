import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { present, type TestIssuer } from '@shopfront/kit/testing'
import type { Me } from './schemas.ts'
import type { Shop } from './shop.ts'

type UsersPart = Pick<
  Shop,
  | 'login'
  | 'refresh'
  | 'logout'
  | 'register'
  | 'verify'
  | 'resendCode'
  | 'requestPasswordReset'
  | 'resetPassword'
  | 'changePassword'
  | 'deleteAccount'
  | 'unsubscribe'
  | 'me'
  | 'updateMe'
>

/**
 * The users service as the web app's tests see it: accounts (Ann the customer, an admin, an
 * agent, and any a test makes), their tokens signed by the test issuer, profiles, passwords
 * and e-mailed codes (123456 to verify, 654321 to reset). `administer` changes an account as
 * an admin does, revoking its tokens.
 */
/** Whom a token names (its subject), as a service reads it once the token is verified. */
export const subjectOf = (token: string): string =>
  z.object({ sub: z.string() }).parse(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())).sub

export function fakeUsers({
  issuer,
  check,
  calls,
}: {
  issuer: TestIssuer
  check: (service: 'users') => void
  calls: { refresh: number; logout: number; unsubscribed: string[]; resetRequests: string[]; savedAddresses: unknown[] }
}) {
  const ann = { id: '20000000-0000-4000-8000-000000000001', email: 'ann@example.com', name: 'Ann' }
  let accessTtl = 900
  /** Who may sign in: Ann the customer, and the shop's staff (an admin and a support agent), all with one password. */
  const accounts: Record<
    string,
    { id: string; roles: string[]; password: string; version?: number; disabled?: boolean }
  > = {
    [ann.email]: { id: ann.id, roles: ['customer'], password: 'correct-horse' },
    'admin@example.com': {
      id: '20000000-0000-4000-8000-0000000000a1',
      roles: ['customer', 'admin'],
      password: 'correct-horse',
    },
    'agent@example.com': {
      id: '20000000-0000-4000-8000-0000000000a2',
      roles: ['customer', 'support'],
      password: 'correct-horse',
    },
  }
  /** A customer's account of the test's own (for a test that changes it): its e-mail and password. */
  const newAccount = () => {
    const email = `shopper-${crypto.randomUUID().slice(0, 8)}@example.com`
    accounts[email] = { id: crypto.randomUUID(), roles: ['customer'], password: 'correct-horse' }
    return { email, password: 'correct-horse' }
  }
  /** Who registered and has not yet verified: their password and name. */
  const registered = new Map<string, { password: string; name: string }>()
  /** What each account's profile says (the users service keeps it). */
  const profiles = new Map<string, Pick<Me, 'name' | 'phone' | 'shippingAddress' | 'marketingOptIn'>>()
  const profileOf = (id: string, email: string) =>
    profiles.get(id) ?? {
      name: id === ann.id ? ann.name : (email.split('@')[0] ?? email),
      phone: null,
      shippingAddress: null,
      marketingOptIn: false,
    }
  /** Whose token it is (the users service reads its own tokens). */
  const accountOf = (token: string) => {
    const sub = subjectOf(token)
    const [email, account] = present(
      Object.entries(accounts).find(([, a]) => a.id === sub),
      `an account with id ${sub}`,
    )
    return { email, ...account }
  }
  const tooCommon = (newPassword: string) => {
    if (newPassword === 'password123')
      throw new AppError('validation', 'That password is too common.', {
        errors: [{ path: 'newPassword', message: 'too common' }],
      })
  }
  const issue = async (email = ann.email) => ({
    accessToken: await issuer.sign({
      sub: accounts[email].id,
      roles: accounts[email].roles,
      ver: accounts[email].version ?? 0,
      expiresIn: `${accessTtl}s`,
    }),
    refreshToken: `refresh-${email}-${crypto.randomUUID()}`,
    expiresIn: accessTtl,
  })
  const users: UsersPart = {
    async login(email, password) {
      check('users')
      if (accounts[email]?.password !== password) throw new AppError('unauthorized', 'Invalid e-mail or password.')
      return issue(email)
    },
    async refresh(refreshToken) {
      check('users')
      calls.refresh++
      // the users service's answer takes a moment: two requests at once would both refresh without the lock
      await Bun.sleep(20)
      const email = /^refresh-(.+)-[\w-]{36}$/.exec(refreshToken)?.[1]
      if (email && accounts[email]?.disabled)
        throw new AppError('unauthorized', 'The refresh token is not valid; sign in again.')
      return issue(email)
    },
    async logout() {
      calls.logout++
    },
    async register({ email, password, name }) {
      check('users')
      if (accounts[email] || registered.has(email))
        throw new AppError('conflict', 'An account with this e-mail already exists.', {
          errors: [{ path: 'email', message: 'already registered' }],
        })
      registered.set(email, { password, name })
    },
    async verify(email, code) {
      check('users')
      const newcomer = registered.get(email)
      // one answer for an unknown e-mail, a wrong code and an account already verified, as users gives
      if (code !== '123456' || !newcomer)
        throw new AppError('unprocessable', 'The code is wrong, has expired or was used up: ask for a new one.', {
          errors: [{ path: 'code', message: 'wrong or expired' }],
        })
      registered.delete(email)
      const id = crypto.randomUUID()
      accounts[email] = { id, roles: ['customer'], password: newcomer.password }
      profiles.set(id, { ...profileOf(id, email), name: newcomer.name })
      return issue(email)
    },
    async resendCode() {},
    async requestPasswordReset(email) {
      check('users')
      calls.resetRequests.push(email)
    },
    async resetPassword({ email, code, newPassword }) {
      check('users')
      const account = accounts[email]
      if (!account || code !== '654321')
        throw new AppError('unprocessable', 'The code is wrong, has expired or was used up: ask for a new one.', {
          errors: [{ path: 'code', message: 'wrong or expired' }],
        })
      tooCommon(newPassword)
      account.password = newPassword
    },
    async changePassword(token, { currentPassword, newPassword }) {
      check('users')
      const { email, password } = accountOf(token)
      if (currentPassword !== password)
        throw new AppError('validation', 'The current password is wrong.', {
          errors: [{ path: 'currentPassword', message: 'wrong' }],
        })
      tooCommon(newPassword)
      accounts[email].password = newPassword
    },
    // as users does: the password asked again, staff closed by an admin instead, then the account is gone
    async deleteAccount(token, password) {
      check('users')
      const { email, roles, password: actual } = accountOf(token)
      if (password !== actual)
        throw new AppError('validation', 'The password is wrong.', { errors: [{ path: 'password', message: 'wrong' }] })
      if (roles.some((role) => role !== 'customer'))
        throw new AppError(
          'conflict',
          'A staff account is not deleted: an admin disables it, or takes its staff roles first (Users, in the back office).',
        )
      delete accounts[email]
    },
    async unsubscribe(token) {
      if (!token.startsWith('valid-'))
        throw new AppError('validation', 'This unsubscribe link is not valid or has expired.')
      calls.unsubscribed.push(token)
    },
    async me(token) {
      check('users')
      const { id, email, roles } = accountOf(token)
      return { id, email, roles, ...profileOf(id, email) }
    },
    // as users does: what is sent changes, the rest stays
    async updateMe(token, changes) {
      check('users')
      const { id, email } = accountOf(token)
      if (changes.phone && !/^\+?[0-9 ()-]{6,20}$/.test(changes.phone))
        throw new AppError('validation', 'The request is not valid.', {
          errors: [{ path: 'phone', message: 'a phone number' }],
        })
      const changed = { ...profileOf(id, email), ...changes }
      profiles.set(id, changed)
      if (id === ann.id) ann.name = changed.name
      if (changes.shippingAddress !== undefined) calls.savedAddresses.push(changes.shippingAddress)
      return users.me(token)
    },
  }
  return {
    ann,
    users,
    newAccount,
    /** An admin changes the account as users does: the access tokens issued so far are revoked. */
    administer(email: string, change: { roles?: string[]; disabled?: boolean }) {
      const account = present(accounts[email], `the account ${email}`)
      Object.assign(account, change, { version: (account.version ?? 0) + 1 })
      issuer.revoke(account.id, account.version ?? 0)
    },
    setAccessTtl: (seconds: number) => {
      accessTtl = seconds
    },
  }
}
