import { type PostgresJsDatabase, readPage, sqlStateOf, type Transaction, withTotal } from '@shopfront/kit'
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm'
import type { ReviewSort } from '../contract.ts'
import { orderLines, orders, productReviews, reviewReports } from '../db/schema.ts'

/** What a shopper writes: stars, and words (empty when they give none). */
export type ReviewWords = { rating: number; title: string; body: string }

/** What staff change: shown or hidden, and the shop's public reply (null: none). */
export type Moderation = { hidden?: boolean; reply?: string | null }

/** What staff look for: hidden or shown ones, answered or not, reported, of some stars, of a product (each left out: any). */
export type ReviewFilter = {
  hidden?: boolean
  replied?: boolean
  reported?: boolean
  rating?: number
  productId?: string
}

type Paging = { page: number; limit: number }

// a review as the shop shows it (Review in the contract); the product's name as its order bought it
const reviewColumns = {
  id: productReviews.id,
  productId: productReviews.productId,
  productName: orderLines.name,
  author: productReviews.author,
  rating: productReviews.rating,
  title: productReviews.title,
  body: productReviews.body,
  hidden: productReviews.hidden,
  reply: productReviews.reply,
  repliedAt: productReviews.repliedAt,
  createdAt: productReviews.createdAt,
  updatedAt: productReviews.updatedAt,
}
// how many shoppers reported it (since staff last hid or showed it)
const reports = sql<number>`(SELECT count(*)::int FROM ${reviewReports} WHERE ${reviewReports.reviewId} = ${productReviews.id})`
// why they did, where they said (oldest first)
const reportReasons = sql<
  string[]
>`coalesce((SELECT array_agg(${reviewReports.reason} ORDER BY ${reviewReports.createdAt}) FROM ${reviewReports} WHERE ${reviewReports.reviewId} = ${productReviews.id} AND ${reviewReports.reason} <> ''), '{}')`
const staffColumns = {
  ...reviewColumns,
  userId: productReviews.userId,
  orderId: productReviews.orderId,
  orderNumber: orders.number,
  reports,
  reportReasons,
}
const itsLine = and(eq(orderLines.orderId, productReviews.orderId), eq(orderLines.productId, productReviews.productId))
const key = (productId: string, userId: string) =>
  and(eq(productReviews.productId, productId), eq(productReviews.userId, userId))
const newestFirst = [desc(productReviews.createdAt), asc(productReviews.userId)]
const starsFirst = { newest: [], highest: [desc(productReviews.rating)], lowest: [asc(productReviews.rating)] }

/** Shoppers' reviews of what was delivered to them, by product and shopper. */
export function createReviewsRepo(db: PostgresJsDatabase) {
  const reviews = () =>
    db
      .select({ ...reviewColumns, ...withTotal })
      .from(productReviews)
      .innerJoin(orderLines, itsLine)
  const staffReviews = () =>
    db
      .select(staffColumns)
      .from(productReviews)
      .innerJoin(orderLines, itsLine)
      .innerJoin(orders, eq(orders.id, productReviews.orderId))

  return {
    /** The shopper's latest delivered order that holds the product (its id, and the name it was bought under); undefined: none. */
    async deliveredOrder(userId: string, productId: string) {
      const [row] = await db
        .select({ id: orders.id, customerName: orders.customerName })
        .from(orders)
        .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
        .where(and(eq(orders.userId, userId), eq(orders.status, 'delivered'), eq(orderLines.productId, productId)))
        .orderBy(desc(orders.createdAt))
        .limit(1)
      return row
    },

    /** Keeps the shopper's review (written again: replaced; hidden by staff, it stays hidden). */
    async save(productId: string, userId: string, from: { orderId: string; author: string }, words: ReviewWords) {
      await db
        .insert(productReviews)
        .values({ productId, userId, ...from, ...words })
        .onConflictDoUpdate({
          target: [productReviews.productId, productReviews.userId],
          set: { ...from, ...words, updatedAt: sql`now()` },
        })
    },

    /** The shopper's review of the product, with whose it is and its order; undefined when they wrote none. */
    async find(productId: string, userId: string) {
      const [row] = await staffReviews().where(key(productId, userId))
      return row
    },

    /** A page of the product's reviews the shop shows, newest first (or the most or fewest stars first, newest first among them). */
    shown: (productId: string, paging: Paging, sort: ReviewSort = 'newest') =>
      readPage(
        reviews()
          .where(and(eq(productReviews.productId, productId), eq(productReviews.hidden, false)))
          .orderBy(...starsFirst[sort], ...newestFirst),
        paging,
      ),

    /** How many of each product's shown reviews gave each number of stars (a product without any: no row). */
    starsOf(productIds: string[]) {
      return db
        .select({ productId: productReviews.productId, rating: productReviews.rating, count: count() })
        .from(productReviews)
        .where(and(inArray(productReviews.productId, productIds), eq(productReviews.hidden, false)))
        .groupBy(productReviews.productId, productReviews.rating)
    },

    /** A page of the shopper's reviews, newest first. */
    mine: (userId: string, paging: Paging) =>
      readPage(
        reviews()
          .where(eq(productReviews.userId, userId))
          .orderBy(...newestFirst),
        paging,
      ),

    /** For staff: a page of every review that matches, newest first, with whose it is and its order. */
    list(filter: ReviewFilter, paging: Paging) {
      const where: SQL[] = []
      if (filter.hidden !== undefined) where.push(eq(productReviews.hidden, filter.hidden))
      if (filter.replied !== undefined)
        where.push(filter.replied ? isNotNull(productReviews.reply) : isNull(productReviews.reply))
      if (filter.reported !== undefined) where.push(filter.reported ? sql`${reports} > 0` : sql`${reports} = 0`)
      if (filter.rating !== undefined) where.push(eq(productReviews.rating, filter.rating))
      if (filter.productId !== undefined) where.push(eq(productReviews.productId, filter.productId))
      const query = db
        .select({ ...staffColumns, ...withTotal })
        .from(productReviews)
        .innerJoin(orderLines, itsLine)
        .innerJoin(orders, eq(orders.id, productReviews.orderId))
      return readPage(query.where(and(...where)).orderBy(...newestFirst), paging)
    },

    /** Runs `work` in one transaction: a review's change and the e-mail telling its author commit together. */
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => db.transaction(work),

    /** The review locked for staff's change, with where its author's order went (undefined: no such review). */
    async lock(tx: Transaction, productId: string, userId: string) {
      const [row] = await tx
        .select({ ...reviewColumns, email: orders.email, customerName: orders.customerName })
        .from(productReviews)
        .innerJoin(orderLines, itsLine)
        .innerJoin(orders, eq(orders.id, productReviews.orderId))
        .where(key(productId, userId))
        .for('update', { of: productReviews })
      return row
    },

    /**
     * Hides the review from the shop or shows it again (which settles its reports), and writes,
     * rewrites or takes back the reply (neither: nothing).
     */
    async moderate(tx: Transaction, productId: string, userId: string, { hidden, reply }: Moderation) {
      const replied = reply === undefined ? {} : { reply, repliedAt: reply === null ? null : sql`now()` }
      if (hidden === undefined && reply === undefined) return
      const [review] = await tx
        .update(productReviews)
        .set({ hidden, ...replied })
        .where(key(productId, userId))
        .returning({ id: productReviews.id })
      if (review && hidden !== undefined) await tx.delete(reviewReports).where(eq(reviewReports.reviewId, review.id))
    },

    /** Whose review it is, by its public id (undefined: none). */
    async authorOf(id: string) {
      const [row] = await db
        .select({ userId: productReviews.userId })
        .from(productReviews)
        .where(eq(productReviews.id, id))
      return row?.userId
    },

    /** A shopper's report of a review (again: the first stays); false: the review is gone (deleted meanwhile). */
    async report(reviewId: string, reporterId: string, reason: string) {
      try {
        await db.insert(reviewReports).values({ reviewId, reporterId, reason }).onConflictDoNothing()
        return true
      } catch (err) {
        if (sqlStateOf(err) === '23503') return false
        throw err
      }
    },

    /** The shopper's review of the product gone (none: nothing to do). */
    async remove(productId: string, userId: string) {
      await db.delete(productReviews).where(key(productId, userId))
    },

    /** A deleted account's reviews gone, and its reports of others'. */
    async forgetUser(userId: string) {
      await db.transaction(async (tx) => {
        await tx.delete(reviewReports).where(eq(reviewReports.reporterId, userId))
        await tx.delete(productReviews).where(eq(productReviews.userId, userId))
      })
    },
  }
}

export type ReviewsRepo = ReturnType<typeof createReviewsRepo>
