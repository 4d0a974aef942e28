import { desc, sql } from 'drizzle-orm'
import { bigserial, boolean, char, check, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { bytea, fkey, jsonb, tsvector, timestamptz } from '@shopfront/kit/db-schema'

// The first migration also makes what a schema cannot say: the unaccent extension and the
// IMMUTABLE catalog_unaccent() and catalog_attribute_text() the search vector is made with.

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique('categories_slug_key'),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [fkey(t.parentId, t.id).onDelete('restrict')],
)

export type Reservable = 'reserved' | 'committed' | 'released' | 'expired' | 'returned'

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull().unique('products_sku_key'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    priceAmount: integer('price_amount').notNull(),
    currency: char('currency', { length: 3 }).notNull().default('USD'),
    images: jsonb<string[]>('images').notNull().default([]),
    attributes: jsonb<Record<string, string | number | boolean>>('attributes').notNull().default({}),
    // the attributes' names in the order the admin gave them (jsonb keeps its own: shorter names first)
    attributeOrder: text('attribute_order').array().notNull().default(sql`'{}'::text[]`),
    categoryId: uuid('category_id'),
    active: boolean('active').notNull().default(true),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    // name over description over attribute values, accents ignored
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', catalog_unaccent("name")), 'A') ||
    setweight(to_tsvector('english', catalog_unaccent("description")), 'B') ||
    setweight(to_tsvector('english', catalog_unaccent(catalog_attribute_text("attributes"))), 'C')`,
    ),
  },
  (t) => [
    fkey(t.categoryId, categories.id).onDelete('restrict'),
    check('products_price_amount_check', sql`${t.priceAmount} >= 0`),
    check('products_on_hand_check', sql`${t.onHand} >= 0`),
    check('products_check', sql`${t.reserved} >= 0 AND ${t.reserved} <= ${t.onHand}`),
    // fastupdate off: a catalog is read far more than written, and a pending list makes every search slow
    index('products_search_idx').using('gin', t.search).with({ fastupdate: 'off' }),
    // browsing a category in price or date order reads a page off an index, and counts from one
    index('products_category_price_idx').on(t.categoryId, t.priceAmount).where(sql`${t.active}`),
    index('products_category_created_idx').on(t.categoryId, desc(t.createdAt)).where(sql`${t.active}`),
    index('products_price_idx').on(t.priceAmount).where(sql`${t.active}`),
    index('products_created_idx').on(desc(t.createdAt)).where(sql`${t.active}`),
    index('products_attributes_idx').using('gin', sql`${t.attributes} jsonb_path_ops`),
  ],
)

export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: uuid('product_id').notNull(),
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    /** The order that sold or returned the stock (none for a delivery or a count). */
    orderId: text('order_id'),
    onHandAfter: integer('on_hand_after').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [fkey(t.productId, products.id), index('stock_movements_product_idx').on(t.productId, desc(t.id))],
)

export const reservations = pgTable(
  'reservations',
  {
    orderId: text('order_id').primaryKey(),
    status: text('status').$type<Reservable>().notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'reservations_status_check',
      sql`${t.status} IN ('reserved', 'committed', 'released', 'expired', 'returned')`,
    ),
    index('reservations_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'reserved'`),
  ],
)

export const reservationLines = pgTable(
  'reservation_lines',
  {
    orderId: text('order_id').notNull(),
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    // how many of a committed line came back on hand (an order returned in part, or whole)
    returned: integer('returned').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'reservation_lines_pkey', columns: [t.orderId, t.productId] }),
    fkey(t.orderId, reservations.orderId).onDelete('cascade'),
    fkey(t.productId, products.id),
    check('reservation_lines_quantity_check', sql`${t.quantity} > 0`),
    check('reservation_lines_returned_check', sql`${t.returned} BETWEEN 0 AND ${t.quantity}`),
  ],
)

/** Each part of an order that came back, by the caller's key (sales' refund), so a repeat puts nothing back twice. */
export const stockReturns = pgTable(
  'stock_returns',
  {
    orderId: text('order_id').notNull(),
    key: text('key').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'stock_returns_pkey', columns: [t.orderId, t.key] }),
    fkey(t.orderId, reservations.orderId).onDelete('cascade'),
  ],
)

/** Seed data applied once (the demo catalog), so deleting it does not bring it back. */
export const catalogSeeds = pgTable('catalog_seeds', {
  name: text('name').primaryKey(),
  appliedAt: timestamptz('applied_at').notNull().defaultNow(),
})

/**
 * Pictures uploaded in the back office, as the shop serves them: WebP, turned upright and
 * stripped of metadata (a phone's GPS position included), large and small (for lists),
 * named by the large one's SHA-256. Products name them in `images` by address; one no
 * product names is deleted after `catalog.pictures.keepUnusedDays`.
 */
export const pictures = pgTable(
  'pictures',
  {
    id: char('id', { length: 64 }).primaryKey(),
    large: bytea('large').notNull(),
    /** For phones; pictures uploaded before it was made have none (the large one is served). */
    medium: bytea('medium'),
    small: bytea('small').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [check('pictures_id_check', sql`${t.id} ~ '^[0-9a-f]{64}$'`)],
)

/**
 * "Tell me when it is back": a signed-in shopper waiting for a product sold out, with the
 * address and name their token carried when they asked. The background job e-mails them once
 * the product can be bought again, and the row goes (users has a deleted account's rows deleted).
 */
export const stockAlerts = pgTable(
  'stock_alerts',
  {
    productId: uuid('product_id').notNull(),
    userId: text('user_id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'stock_alerts_pkey', columns: [t.productId, t.userId] }),
    fkey(t.productId, products.id).onDelete('cascade'),
    index('stock_alerts_user_idx').on(t.userId, desc(t.createdAt)),
  ],
)
