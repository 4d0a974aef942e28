import { desc, sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  char,
  check,
  index,
  integer,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { fkey, jsonb, timestamptz } from '@shopfront/kit/db-schema'
import type { RefusedLine } from '@shopfront/products/contract'
import type { PromotionKind } from '../contract.ts'
import type { Address } from '../neighbours/neighbours.ts'

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'refunded' | 'failed'
export type SagaStep = 'created' | 'reserved' | 'authorized' | 'captured' | 'committed' | 'done'
export type Card = { brand: string; last4: string }
/** The cart line a checkout could not have, as products refused it: how many were wanted, are available, are held. */
export type FailedLine = RefusedLine

/** Order numbers people quote: SF-1001, SF-1002, ... */
export const orderNumbers = pgSequence('order_number_seq', { startWith: 1001 })

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique('orders_number_key'),
    userId: text('user_id').notNull(),
    email: text('email').notNull(),
    customerName: text('customer_name').notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    // how far the checkout saga got: each step is written before the next begins
    step: text('step').$type<SagaStep>().notNull().default('created'),
    currency: char('currency', { length: 3 }).notNull(),
    subtotal: integer('subtotal').notNull(),
    discount: integer('discount').notNull().default(0),
    shipping: integer('shipping').notNull().default(0),
    total: integer('total').notNull(),
    promotionId: uuid('promotion_id'),
    promoCode: text('promo_code'),
    shippingAddress: jsonb<Address>('shipping_address').notNull(),
    paymentId: text('payment_id'),
    paymentCard: jsonb<Card>('payment_card'),
    failureCode: text('failure_code'),
    failureReason: text('failure_reason'),
    failedLine: jsonb<FailedLine>('failed_line'),
    // a failed order whose reservation or payment could not yet be undone; recovery retries
    compensationPending: boolean('compensation_pending').notNull().default(false),
    cartEmptied: boolean('cart_emptied').notNull().default(false),
    trackingNumber: text('tracking_number'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    leaseUntil: timestamptz('lease_until').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    // a cancellation or refund claims its order under the row lock before any money or
    // stock moves, so staff cannot ship it meanwhile; it holds until the move is done or
    // given up (nothing moved), and once it lapses recovery repeats the move as claimed
    claimedFor: text('claimed_for').$type<'cancelled' | 'refunded'>(),
    claimedUntil: timestamptz('claimed_until'),
    // who claimed it and why: the move's history entry, when recovery finishes it
    claimedBy: text('claimed_by'),
    claimNote: text('claim_note'),
    // what has been given back to the card so far: part of it for a return of some items, all of it when cancelled or refunded
    refunded: integer('refunded').notNull().default(0),
  },
  (t) => [
    unique('orders_user_id_idempotency_key_key').on(t.userId, t.idempotencyKey),
    check(
      'orders_status_check',
      sql`${t.status} IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded', 'failed')`,
    ),
    check(
      'orders_step_check',
      sql`${t.step} IN ('created', 'reserved', 'authorized', 'captured', 'committed', 'done')`,
    ),
    check('orders_subtotal_check', sql`${t.subtotal} >= 0`),
    check('orders_discount_check', sql`${t.discount} >= 0`),
    check('orders_shipping_check', sql`${t.shipping} >= 0`),
    check('orders_total_check', sql`${t.total} >= 0`),
    check('orders_claimed_for_check', sql`${t.claimedFor} IN ('cancelled', 'refunded')`),
    check('orders_refunded_check', sql`${t.refunded} BETWEEN 0 AND ${t.total}`),
    index('orders_claims_idx').on(t.claimedUntil).where(sql`${t.claimedFor} IS NOT NULL`),
    index('orders_user_idx').on(t.userId, desc(t.createdAt)),
    index('orders_created_idx').on(desc(t.createdAt)),
    index('orders_unfinished_idx')
      .on(t.leaseUntil)
      .where(
        sql`${t.status} = 'pending' OR ${t.compensationPending} OR (${t.status} = 'paid' AND NOT ${t.cartEmptied})`,
      ),
  ],
)

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id').notNull(),
    productId: uuid('product_id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    unitPrice: integer('unit_price').notNull(),
    quantity: integer('quantity').notNull(),
    lineTotal: integer('line_total').notNull(),
    // how many of it came back and were refunded (a return)
    returned: integer('returned').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'order_lines_pkey', columns: [t.orderId, t.productId] }),
    fkey(t.orderId, orders.id).onDelete('cascade'),
    check('order_lines_unit_price_check', sql`${t.unitPrice} >= 0`),
    check('order_lines_quantity_check', sql`${t.quantity} > 0`),
    check('order_lines_returned_check', sql`${t.returned} BETWEEN 0 AND ${t.quantity}`),
  ],
)

export type RefundLine = { productId: string; quantity: number }

/**
 * The refunds of some of an order's items (a return of part of it), by the caller's key
 * (support's ticket), so a repeat refunds nothing twice. Written, with the order's
 * `refunded` and the lines' `returned`, before any money moves; `done` once the money and
 * the stock are back. One not done is resumed by a repeat of its key, or by recovery.
 */
export const orderRefunds = pgTable(
  'order_refunds',
  {
    orderId: uuid('order_id').notNull(),
    key: text('key').notNull(),
    amount: integer('amount').notNull(),
    lines: jsonb<RefundLine[]>('lines').notNull(),
    done: boolean('done').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    // who asked for it and why: its history entry, when recovery finishes it
    actor: text('actor').notNull().default('system'),
    reason: text('reason'),
    // when its money and stock last began to move: unfinished a lease later, recovery repeats it
    attemptedAt: timestamptz('attempted_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'order_refunds_pkey', columns: [t.orderId, t.key] }),
    fkey(t.orderId, orders.id).onDelete('cascade'),
    check('order_refunds_amount_check', sql`${t.amount} >= 0`),
    index('order_refunds_unfinished_idx').on(t.attemptedAt).where(sql`NOT ${t.done}`),
  ],
)

export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    actor: text('actor').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [fkey(t.orderId, orders.id).onDelete('cascade'), index('order_events_order_idx').on(t.orderId, t.id)],
)

export type CampaignStatus = 'draft' | 'sending' | 'sent'

export const promotions = pgTable(
  'promotions',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique('promotions_code_key'),
    // free delivery (`shipping`) takes no value: 0
    kind: text('kind').$type<PromotionKind>().notNull(),
    value: integer('value').notNull(),
    minOrder: integer('min_order').notNull().default(0),
    startsAt: timestamptz('starts_at'),
    endsAt: timestamptz('ends_at'),
    maxRedemptions: integer('max_redemptions'),
    redemptions: integer('redemptions').notNull().default(0),
    active: boolean('active').notNull().default(true),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    sendStatus: text('send_status').$type<CampaignStatus>().notNull().default('draft'),
    sendPage: integer('send_page').notNull().default(1),
    recipientsTotal: integer('recipients_total'),
    queuedCount: integer('queued_count').notNull().default(0),
    sendLeaseUntil: timestamptz('send_lease_until'),
    sendStartedAt: timestamptz('send_started_at'),
    sendFinishedAt: timestamptz('send_finished_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    // campaigns page the opted-in users by keyset (the last user id sent to), so an
    // opt-out in the middle of a campaign cannot shift a page and skip someone
    sendCursor: text('send_cursor'),
  },
  (t) => [
    check('promotions_kind_check', sql`${t.kind} IN ('percent', 'amount', 'shipping')`),
    check('promotions_value_check', sql`(${t.kind} = 'shipping') = (${t.value} = 0) AND ${t.value} >= 0`),
    check('promotions_send_status_check', sql`${t.sendStatus} IN ('draft', 'sending', 'sent')`),
    check('promotions_check', sql`${t.maxRedemptions} IS NULL OR ${t.redemptions} <= ${t.maxRedemptions}`),
  ],
)

export const promotionRedemptions = pgTable(
  'promotion_redemptions',
  {
    promotionId: uuid('promotion_id').notNull(),
    userId: text('user_id').notNull(),
    orderId: uuid('order_id').notNull().unique('promotion_redemptions_order_id_key'),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'promotion_redemptions_pkey', columns: [t.promotionId, t.userId] }),
    fkey(t.promotionId, promotions.id),
  ],
)

export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    promotionId: uuid('promotion_id').notNull(),
    userId: text('user_id').notNull(),
    email: text('email').notNull(),
    queuedAt: timestamptz('queued_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'campaign_recipients_pkey', columns: [t.promotionId, t.userId] }),
    fkey(t.promotionId, promotions.id),
  ],
)

/**
 * The contact users gave for each customer at their last checkout: what a checkout uses
 * while users cannot answer (see checkout/known-contacts.ts).
 */
export const knownContacts = pgTable('known_contacts', {
  userId: text('user_id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  shippingAddress: jsonb<Address>('shipping_address'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
})

/**
 * A shopper's review of a product delivered to them (one a product and shopper; written
 * again, it is replaced): stars, words, and the order that makes it a verified purchase.
 * The shop shows it under the author's first name unless staff hid it.
 */
export const productReviews = pgTable(
  'product_reviews',
  {
    productId: uuid('product_id').notNull(),
    userId: text('user_id').notNull(),
    // what the shop calls it in public (its author's id stays staff's); kept when it is rewritten
    id: uuid('id').notNull().defaultRandom().unique('product_reviews_id_key'),
    // the delivered order that makes it a verified purchase
    orderId: uuid('order_id').notNull(),
    // the first word of the name that order was placed under: all the shop shows of who wrote it
    author: text('author').notNull(),
    rating: integer('rating').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
    hidden: boolean('hidden').notNull().default(false),
    // the shop's public answer (staff's), and when it was written; null: none
    reply: text('reply'),
    repliedAt: timestamptz('replied_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'product_reviews_pkey', columns: [t.productId, t.userId] }),
    fkey(t.orderId, orders.id).onDelete('cascade'),
    check('product_reviews_rating_check', sql`${t.rating} BETWEEN 1 AND 5`),
    // a product's page of reviews, newest first, and its stars, read off one index
    index('product_reviews_product_idx').on(t.productId, desc(t.createdAt)).where(sql`NOT ${t.hidden}`),
    // staff's list, newest first; a shopper's own
    index('product_reviews_created_idx').on(desc(t.createdAt)),
    index('product_reviews_user_idx').on(t.userId),
  ],
)

/**
 * Shoppers telling staff a review should not be in the shop (one report a review and
 * shopper, with why if they say): staff's list finds the reported ones; hiding or showing
 * one settles its reports.
 */
export const reviewReports = pgTable(
  'review_reports',
  {
    reviewId: uuid('review_id').notNull(),
    reporterId: text('reporter_id').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'review_reports_pkey', columns: [t.reviewId, t.reporterId] }),
    fkey(t.reviewId, productReviews.id).onDelete('cascade'),
  ],
)
