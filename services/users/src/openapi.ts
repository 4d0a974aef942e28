import * as z from 'zod'
import { openApiDocument as document } from '@shopfront/kit'
import {
  adminBody,
  emailBody,
  listQuery,
  loginBody,
  passwordBody,
  deleteBody,
  importBody,
  profileBody,
  purchasesQuery,
  refreshBody,
  registerBody,
  resetBody,
  verifyBody,
} from './accounts/accounts.routes.ts'
import { tokenQuery } from './accounts/marketing.ts'
import { orderPage } from '@shopfront/sales/contract'
import { customerImportResult, revocations, user, userPage } from './contract.ts'

const tokens = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
})
const accepted = { description: 'Accepted', schema: z.object({ accepted: z.literal(true) }) }
const tooMany = 'Too many tries from this address: wait as Retry-After says'
const badCode = 'The code is wrong, has expired or was used up (one answer for every case)'

/** What the gateway merges into /openapi.json: accounts and identity. */
export const openApiDocument = document('users', [
  {
    method: 'post',
    path: '/api/auth/register',
    summary: 'Create an account; a six-digit code is e-mailed to verify the address',
    body: registerBody,
    responses: {
      201: { description: 'The new, unverified account', schema: user },
      409: 'That e-mail has an account',
      429: tooMany,
    },
  },
  {
    method: 'post',
    path: '/api/auth/verify',
    summary: 'Verify the e-mail with the code (15 minutes, 5 tries); the right code signs the newcomer in',
    body: verifyBody,
    responses: {
      200: {
        description: "Verified, with the tokens sign-in gives (none where the account's disabled)",
        schema: z.union([tokens.extend({ verified: z.literal(true) }), z.object({ verified: z.literal(true) })]),
      },
      422: badCode,
      429: tooMany,
    },
  },
  {
    method: 'post',
    path: '/api/auth/resend-code',
    summary: 'A new verification code (one a minute; silent for unknown e-mails)',
    body: emailBody,
    responses: { 202: accepted, 429: 'A code was sent moments ago' },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in: an access token (ES256 JWT, 15 minutes) and a refresh token (rotated on use)',
    body: loginBody,
    responses: {
      200: { description: 'The tokens', schema: tokens },
      401: 'Invalid e-mail or password (the same for both)',
      403: 'Not verified yet, or disabled',
      429: tooMany,
    },
  },
  {
    method: 'post',
    path: '/api/auth/refresh',
    summary: 'New tokens for a refresh token; a reused one revokes its whole family',
    body: refreshBody,
    responses: { 200: { description: 'The tokens', schema: tokens }, 401: 'Unknown, used, revoked or expired' },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    access: 'user',
    summary: 'Sign out: the session ends (its refresh token, and within seconds its access tokens, stop working)',
    body: refreshBody,
    responses: { 204: 'Signed out' },
  },
  {
    method: 'post',
    path: '/api/auth/password-reset',
    summary: 'A forgotten password: a code is e-mailed if the account exists (202 either way)',
    body: emailBody,
    responses: { 202: accepted, 429: tooMany },
  },
  {
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    summary: 'Set a new password with the e-mailed code; every session of the account ends',
    body: resetBody,
    responses: { 204: 'Set', 422: badCode, 429: tooMany },
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: "The public keys that verify the users service's tokens (JWKS)",
    responses: {
      200: {
        description: 'The key set',
        schema: z.object({
          keys: z.array(z.object({ kid: z.string(), kty: z.string(), alg: z.string() }).passthrough()),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/.well-known/revocations.json',
    summary:
      'The access tokens revoked while they may still be live: every service refuses a token of `sub` whose `ver` claim is below `version`, and one whose `sid` claim is in `sessions` (an ended session)',
    responses: { 200: { description: 'The revocations of the last access-token lifetime', schema: revocations } },
  },
  {
    method: 'get',
    path: '/api/users/me',
    access: 'user',
    summary: 'Your profile',
    responses: { 200: { description: 'You', schema: user } },
  },
  {
    method: 'patch',
    path: '/api/users/me',
    access: 'user',
    summary: 'Change your name, phone, shipping address or promotion e-mails (only what is sent)',
    body: profileBody,
    responses: { 200: { description: 'You, changed', schema: user } },
  },
  {
    method: 'delete',
    path: '/api/users/me',
    access: 'user',
    summary:
      'Delete your account (your password needed): name, address, phone and password erased, every session ended, no more promotions, a last e-mail saying so; orders and tickets keep the name and address they were made with. Staff accounts are closed by an admin instead',
    body: deleteBody,
    responses: { 204: 'Deleted', 400: 'The password is wrong', 409: 'A staff account' },
  },
  {
    method: 'post',
    path: '/api/users/me/password',
    access: 'user',
    summary: 'A new password (the current one needed); every session ends',
    body: passwordBody,
    responses: { 204: 'Changed', 400: 'The current password is wrong, or the new one too weak' },
  },
  {
    method: 'get',
    path: '/api/users/me/orders',
    access: 'user',
    summary: 'Your purchase history (from sales)',
    query: purchasesQuery,
    responses: {
      200: { description: 'A page of your orders, as GET /api/orders answers', schema: orderPage },
      503: 'Sales cannot answer now; retry',
    },
  },
  {
    method: 'get',
    path: '/api/users/unsubscribe',
    summary: "The unsubscribe link of promotion e-mails: opts the token's user out",
    query: tokenQuery,
    responses: {
      200: { description: 'Opted out', schema: z.object({ unsubscribed: z.literal(true) }) },
      400: 'Not a valid or live link',
    },
  },
  {
    method: 'post',
    path: '/api/users/unsubscribe',
    summary: "Mail clients' one-click unsubscribe (RFC 8058) for the same link",
    query: tokenQuery,
    responses: {
      200: { description: 'Opted out', schema: z.object({ unsubscribed: z.literal(true) }) },
      400: 'Not a valid or live link',
    },
  },
  {
    method: 'get',
    path: '/api/users',
    access: 'admin',
    summary: 'Users, newest first; q searches e-mail and name',
    query: listQuery,
    responses: {
      200: { description: 'A page of users', schema: userPage },
    },
  },
  {
    method: 'get',
    path: '/api/users/{id}',
    access: 'admin',
    summary: 'One user',
    responses: { 200: { description: 'The user', schema: user }, 404: 'No such user' },
  },
  {
    method: 'patch',
    path: '/api/users/{id}',
    access: 'admin',
    summary: 'Roles, or disable (every session ends) and enable',
    body: adminBody,
    responses: {
      200: { description: 'The user, changed', schema: user },
      404: 'No such user',
      409: 'The only enabled admin would lose the role or be disabled: make someone else an admin first',
    },
  },
  {
    method: 'post',
    path: '/api/users/import',
    access: 'admin',
    summary:
      'Bring up to 1000 customers over from another system, all or none: an account for each new e-mail (not verified yet, with no password anyone knows: the customer chooses one with the password reset, whose code also verifies the address); an e-mail that has an account leaves it as it is; one whose account was deleted is passed over (`erased`: its owner asked to be forgotten). `invite`: e-mail each new customer how to choose a password',
    body: importBody,
    responses: {
      200: {
        description: 'Accounts made, e-mails that had one, and e-mails of deleted accounts passed over',
        schema: customerImportResult,
      },
    },
  },
  {
    method: 'delete',
    path: '/api/users/{id}',
    access: 'admin',
    summary:
      "Delete a customer's account (one who asked): erased as the customer's own deletion erases it, every session ended, a last e-mail saying so. A staff account is a 409 (disable it, or take its staff roles first)",
    responses: { 204: 'Deleted', 404: 'No such user, or deleted already', 409: 'A staff account' },
  },
])
