import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from '@shopfront/kit/db-schema'

/**
 * The shop's sessions. The browser holds only a random session id (httpOnly cookie); the
 * row is found by its SHA-256, so a copy of this table opens no session. A guest session
 * has a guest id (its guest cart at the cart service) and no user; signing in fills the
 * user's fields and tokens, which never leave the server.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    guestId: uuid('guest_id').notNull(),
    userId: uuid('user_id'),
    email: text('email'),
    name: text('name'),
    roles: text('roles').array().notNull().default(sql`'{}'`),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    accessExpiresAt: timestamptz('access_expires_at'),
    cartCount: integer('cart_count').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    seenAt: timestamptz('seen_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_at').on(t.expiresAt)],
)
