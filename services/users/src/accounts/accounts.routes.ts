import * as z from 'zod'
import {
  AppError,
  changesOf,
  clientAddress,
  distinct,
  pageQuery,
  paging,
  parse,
  principalOf,
  readJson,
  readQuery,
  serviceRoutes,
  type TokenVerifier,
} from '@shopfront/kit'
import { addressInput } from '../contract.ts'
import type { AccountClosing } from './account-closing.ts'
import type { createAccounts } from './accounts.service.ts'
import type { CustomerImport } from './customer-import.ts'
import type { PasswordReset } from './password-reset.service.ts'
import type { Profiles } from './profile.service.ts'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { Tokens } from './tokens.ts'

// normalized before it is checked: ' Ann@Example.com ' is ann@example.com
const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email())
  .meta({ format: 'email', example: 'ann@example.com' })
/** An account's roles: every account has at least one, a service's token none. */
const roles = z.enum(['customer', 'support', 'admin'])
const password = z.string().min(8, 'at least 8 characters').max(200)
export const registerBody = z.object({ email, password, name: z.string().trim().min(1).max(100) }).strict()
export const verifyBody = z.object({ email, code: z.string().regex(/^\d{6}$/, 'six digits') }).strict()
export const emailBody = z.object({ email }).strict()
export const loginBody = z.object({ email, password: z.string().min(1).max(200) }).strict()
export const resetBody = z
  .object({ email, code: z.string().regex(/^\d{6}$/, 'six digits'), newPassword: password })
  .strict()
export const refreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).strict()

/** /api/auth: register, verify the e-mail, sign in, refresh, sign out, reset a forgotten password. */
export function authRoutes({
  accounts,
  passwordReset,
  tokens,
  verifier,
}: {
  accounts: ReturnType<typeof createAccounts>
  passwordReset: PasswordReset
  tokens: Tokens
  verifier: TokenVerifier
}) {
  const { app, only } = serviceRoutes(verifier)
  app.post('/register', async (c) => c.json(await accounts.register(await readJson(c, registerBody)), 201))
  app.post('/verify', async (c) => c.json(await accounts.verify(await readJson(c, verifyBody))))
  app.post('/resend-code', async (c) => {
    await accounts.resend((await readJson(c, emailBody)).email)
    return c.json({ accepted: true }, 202)
  })
  app.post('/login', async (c) =>
    c.json(await accounts.login(await readJson(c, loginBody), clientAddress(c, { forwarded: true }))),
  )
  // 202 whether or not the account exists: the answer tells nobody which addresses have one
  app.post('/password-reset', async (c) => {
    await passwordReset.request((await readJson(c, emailBody)).email)
    return c.json({ accepted: true }, 202)
  })
  app.post('/password-reset/confirm', async (c) => {
    await passwordReset.confirm(await readJson(c, resetBody), clientAddress(c, { forwarded: true }))
    return c.body(null, 204)
  })
  app.post('/refresh', async (c) => c.json(await tokens.refresh((await readJson(c, refreshBody)).refreshToken)))
  app.post('/logout', only(...roles.options), async (c) => {
    await tokens.revoke((await readJson(c, refreshBody)).refreshToken, principalOf(c).id)
    return c.body(null, 204)
  })
  return app
}

// no defaults: a PATCH changes only what it sends
export const profileBody = changesOf({
  name: z.string().trim().min(1).max(100),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number')
    .nullable(),
  shippingAddress: addressInput.nullable(),
  marketingOptIn: z.boolean(),
})
export const passwordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password }).strict()
/** DELETE /api/users/me: the account's own password, asked again. */
export const deleteBody = z.object({ password: z.string().min(1).max(200) }).strict()
export const adminBody = changesOf(
  { roles: z.array(roles).min(1).max(3), disabled: z.boolean() },
  'send roles or disabled',
)
/**
 * POST /api/users/import: up to 1000 customers brought over from another system, all or
 * none, with what a profile holds; `invite`: e-mail each new one how to choose a password.
 */
export const importBody = z
  .object({
    users: z
      .array(
        z
          .object({
            email,
            name: profileBody.shape.name.unwrap(),
            phone: profileBody.shape.phone,
            shippingAddress: profileBody.shape.shippingAddress,
            marketingOptIn: profileBody.shape.marketingOptIn,
          })
          .strict(),
      )
      .min(1, 'at least one customer')
      .max(1000, 'at most 1000 customers at once')
      .superRefine(distinct('email', 'e-mail', 'customer')),
    invite: z.boolean().default(false),
  })
  .strict()
export type ImportedCustomer = z.infer<typeof importBody>['users'][number]
export const listQuery = z
  .object({ q: z.string().trim().max(100).optional(), role: roles.optional(), ...paging() })
  .strict()
/** GET /api/users/me/orders: a page of the purchase history. */
export const purchasesQuery = pageQuery()
const userId = z.object({ id: z.uuid('a user id') })

/** /api/users/me: the signed-in user's own account. */
export function meRoutes({
  accounts,
  profiles,
  deleteAccount,
  verifier,
  neighbours,
}: {
  accounts: ReturnType<typeof createAccounts>
  profiles: Profiles
  deleteAccount: AccountClosing['own']
  verifier: TokenVerifier
  /** sales, for the purchase history; without it the history is a 503. */
  neighbours?: Neighbours
}) {
  const { app, only } = serviceRoutes(verifier)
  // every account has one of these roles; a service's token has none, and no account
  app.use(only(...roles.options))
  app.get('/', async (c) => c.json(await accounts.me(principalOf(c).id)))
  app.patch('/', async (c) => c.json(await profiles.update(principalOf(c).id, await readJson(c, profileBody))))
  // the purchase history is sales' data; while sales cannot answer, a clear 503 (the rest of the service is unaffected)
  app.get('/orders', async (c) => {
    // a bad page is the caller's 400 whether sales answers or not
    const page = readQuery(c, purchasesQuery)
    if (!neighbours)
      throw new AppError('unavailable', 'The purchase history is temporarily unavailable; try again in a moment.', {
        retryAfter: 5,
      })
    return c.json(await neighbours.purchases(principalOf(c).id, page))
  })
  app.delete('/', async (c) => {
    await deleteAccount(principalOf(c).id, (await readJson(c, deleteBody)).password)
    return c.body(null, 204)
  })
  app.post('/password', async (c) => {
    const { currentPassword, newPassword } = await readJson(c, passwordBody)
    await profiles.changePassword(principalOf(c).id, currentPassword, newPassword)
    return c.body(null, 204)
  })
  return app
}

/** /api/users: admins list, search and page users, change their roles, disable them, delete a customer's account, import customers. */
export function adminRoutes({
  profiles,
  deleteAccount,
  importCustomers,
  verifier,
}: {
  profiles: Profiles
  deleteAccount: AccountClosing['byAdmin']
  importCustomers: CustomerImport
  verifier: TokenVerifier
}) {
  const { app, only } = serviceRoutes(verifier)
  app.use(only('admin'))
  app.post('/import', async (c) => {
    const { users, invite } = await readJson(c, importBody)
    return c.json(await importCustomers(users, { invite }))
  })
  app.get('/', async (c) => {
    const query = readQuery(c, listQuery)
    return c.json({ ...(await profiles.list(query)), page: query.page, limit: query.limit })
  })
  app.get('/:id', async (c) => c.json(await profiles.get(parse(userId, c.req.param(), 'path').id)))
  app.patch('/:id', async (c) =>
    c.json(await profiles.administer(parse(userId, c.req.param(), 'path').id, await readJson(c, adminBody))),
  )
  app.delete('/:id', async (c) => {
    await deleteAccount(parse(userId, c.req.param(), 'path').id)
    return c.body(null, 204)
  })
  return app
}
