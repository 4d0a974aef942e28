import { sql } from 'drizzle-orm'
import { boolean, char, check, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from '@shopfront/kit/db-schema'

/**
 * One cart per user: its lines. Each line keeps the last catalog data seen for its product,
 * so the cart can still be shown (marked stale) while the products service is down.
 */
export const cartLines = pgTable(
  'cart_lines',
  {
    userId: text('user_id').notNull(),
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    name: text('name').notNull(),
    unitPrice: integer('unit_price').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    available: integer('available').notNull(),
    active: boolean('active').notNull(),
    seenAt: timestamptz('seen_at').notNull(),
    addedAt: timestamptz('added_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'cart_lines_pkey', columns: [t.userId, t.productId] }),
    check('cart_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
)

/**
 * The orders whose bought lines have left their carts: sales may tell the cart more than
 * once (recovery retries), and each order's quantities must come off only once.
 */
export const checkedOutOrders = pgTable('checked_out_orders', {
  orderId: uuid('order_id').primaryKey(),
  userId: text('user_id').notNull(),
  at: timestamptz('at').notNull().defaultNow(),
})
