import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { fkey, jsonb, timestamptz } from '@shopfront/kit/db-schema'
import type { JWK } from 'jose'
import type { Address } from '../contract.ts'

// the kit's outbox: users' first migration made it, before the kit did
export { mailOutbox } from '@shopfront/kit/db-schema'

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull().unique('users_email_key'),
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    shippingAddress: jsonb<Address>('shipping_address'),
    marketingOptIn: boolean('marketing_opt_in').notNull().default(false),
    roles: text('roles').array().notNull().default(sql`'{customer}'`),
    disabled: boolean('disabled').notNull().default(false),
    // access tokens carry the version they were issued at (`ver`); disabling, a role change or
    // a new password bumps it, and every verifier refuses older ones (see /.well-known/revocations.json)
    accessVersion: integer('access_version').notNull().default(0),
    accessRevokedAt: timestamptz('access_revoked_at'),
    emailVerifiedAt: timestamptz('email_verified_at'),
    /** When the account was deleted (by its owner, or an admin at their request): its personal data is gone, its id stays (orders and tickets name it). */
    deletedAt: timestamptz('deleted_at'),
    /** A deleted account whose copies at the neighbours (cart, sales' remembered contact) are still to go: when to ask next. */
    forgetAt: timestamptz('forget_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('users_access_revoked_idx').on(t.accessRevokedAt).where(sql`${t.accessRevokedAt} IS NOT NULL`),
    index('users_forget_idx').on(t.forgetAt).where(sql`${t.forgetAt} IS NOT NULL`),
  ],
)

/** A table of six-digit codes sent by e-mail: one live code per user, stored hashed. */
const codeTable = (name: string) =>
  pgTable(
    name,
    {
      userId: uuid('user_id').primaryKey(),
      codeHash: text('code_hash').notNull(),
      expiresAt: timestamptz('expires_at').notNull(),
      attempts: integer('attempts').notNull().default(0),
      sentAt: timestamptz('sent_at').notNull().defaultNow(),
      serial: integer('serial').notNull().default(1),
    },
    (t) => [fkey(t.userId, users.id).onDelete('cascade')],
  )

export const verificationCodes = codeTable('verification_codes')

/** Codes e-mailed to reset a forgotten password. */
export const passwordResetCodes = codeTable('password_reset_codes')

/** Signing keys: the public half as a JWK, the private half encrypted with the key-encryption key from settings. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb<JWK>('public_jwk').notNull(),
  privateJwkEncrypted: text('private_jwk_encrypted').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
})

/** Refresh tokens are stored hashed; a family is one login's chain of rotations. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    familyId: uuid('family_id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull().unique('refresh_tokens_token_hash_key'),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    revokedAt: timestamptz('revoked_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('refresh_tokens_family_idx').on(t.familyId),
    // the sessions ended within an access token's lifetime, read for the revocations
    index('refresh_tokens_revoked_idx').on(t.revokedAt).where(sql`${t.revokedAt} IS NOT NULL`),
    // the tokens past use, swept every hour
    index('refresh_tokens_expires_idx').on(t.expiresAt),
    fkey(t.userId, users.id).onDelete('cascade'),
  ],
)

/**
 * The addresses of deleted accounts, each as a keyed digest (erased-addresses.ts), never as
 * itself: so that importing an old customer list does not bring a deleted customer back.
 */
export const erasedAddresses = pgTable('erased_addresses', {
  digest: text('digest').primaryKey(),
  erasedAt: timestamptz('erased_at').notNull().defaultNow(),
})

/** Failed sign-ins per key (account and address), when Redis is not configured. */
export const loginFailures = pgTable('login_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamptz('last_failure_at').notNull(),
})
