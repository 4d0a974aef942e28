import { dueForTakeOver, type PostgresJsDatabase, type Transaction, secondsAgo } from '@shopfront/kit'
import { and, eq, gt, inArray, lt, not, sql } from 'drizzle-orm'
import { orderLines, orderRefunds, orders, type RefundLine } from '../db/schema.ts'

export type { RefundLine }
export type Refund = typeof orderRefunds.$inferSelect

const thisRefund = (orderId: string, key: string) => and(eq(orderRefunds.orderId, orderId), eq(orderRefunds.key, key))

/**
 * What an order gave back: the refunds of some of its items by key, and the order's
 * `refunded` and its lines' `returned` that follow them. Every statement about them is here.
 */
export function createRefundsRepo(db: PostgresJsDatabase) {
  /** Adds `sign` times a refund to the order's `refunded` and its lines' `returned`. */
  async function count(tx: Transaction, orderId: string, amount: number, lines: RefundLine[], sign: 1 | -1) {
    await tx
      .update(orders)
      .set({ refunded: sql`${orders.refunded} + ${sign * amount}`, updatedAt: sql`now()` })
      .where(eq(orders.id, orderId))
    for (const { productId, quantity } of lines)
      await tx
        .update(orderLines)
        .set({ returned: sql`${orderLines.returned} + ${sign * quantity}` })
        .where(and(eq(orderLines.orderId, orderId), eq(orderLines.productId, productId)))
  }

  return {
    async find(tx: Transaction, orderId: string, key: string): Promise<Refund | undefined> {
      const [row] = await tx.select().from(orderRefunds).where(thisRefund(orderId, key))
      return row
    },

    /** Writes a refund down, counted on the order and its lines, before its money moves (inside the transaction that locked the order). */
    async start(
      tx: Transaction,
      refund: { orderId: string; key: string; amount: number; lines: RefundLine[]; actor: string; reason?: string },
    ) {
      const [row] = await tx.insert(orderRefunds).values(refund).returning()
      await count(tx, refund.orderId, refund.amount, refund.lines, 1)
      return row
    },

    /**
     * A refund whose money or stock could not move: forgotten, and no longer counted (unless
     * it was finished meanwhile, or the order was refunded whole since, which counted all).
     */
    undo: (orderId: string, key: string) =>
      db.transaction(async (tx) => {
        const [order] = await tx
          .select({ status: orders.status })
          .from(orders)
          .where(eq(orders.id, orderId))
          .for('update')
        const [row] = await tx
          .delete(orderRefunds)
          .where(and(thisRefund(orderId, key), eq(orderRefunds.done, false)))
          .returning()
        if (row && order?.status === 'delivered') await count(tx, orderId, row.amount, row.lines, -1)
      }),

    /** A repeat of an unfinished refund begins to move its money and stock again. */
    async attempt(tx: Transaction, orderId: string, key: string) {
      await tx.update(orderRefunds).set({ attemptedAt: sql`now()` }).where(thisRefund(orderId, key))
    },

    /** Marks a refund done; whether this call did (a concurrent repeat may have been first). */
    async finish(tx: Transaction, orderId: string, key: string) {
      const done = await tx
        .update(orderRefunds)
        .set({ done: true })
        .where(and(thisRefund(orderId, key), not(orderRefunds.done)))
        .returning({ key: orderRefunds.key })
      return done.length > 0
    },

    /**
     * The unfinished refunds whose last attempt began `seconds` ago or more (it timed out, or
     * its instance died), claimed for another: SKIP LOCKED and the attempt's new time keep
     * instances from repeating the same one together.
     */
    async claimStalled(seconds: number, limit = 20): Promise<Refund[]> {
      const stalled = and(not(orderRefunds.done), lt(orderRefunds.attemptedAt, secondsAgo(seconds)))
      const due = dueForTakeOver(db, orderRefunds, orderRefunds.orderId, stalled, orderRefunds.attemptedAt, limit)
      return db
        .update(orderRefunds)
        .set({ attemptedAt: sql`now()` })
        .where(and(inArray(orderRefunds.orderId, due), stalled))
        .returning()
    },

    /** How many refunds of some items are not finished (under way, or left for recovery). */
    countUnfinished: () => db.$count(orderRefunds, not(orderRefunds.done)),

    /** Whether a refund of part of the order began (or was repeated) within `seconds` and is not finished (its money may be moving). */
    async underWay(tx: Transaction, orderId: string, seconds: number) {
      const [row] = await tx
        .select({ key: orderRefunds.key })
        .from(orderRefunds)
        .where(
          and(
            eq(orderRefunds.orderId, orderId),
            eq(orderRefunds.done, false),
            gt(orderRefunds.attemptedAt, secondsAgo(seconds)),
          ),
        )
        .limit(1)
      return row !== undefined
    },

    /** Everything given back (a locked order cancelled or refunded whole): all its money, and for a return all its items. */
    async all(tx: Transaction, orderId: string, itemsToo: boolean) {
      await tx.update(orders).set({ refunded: orders.total }).where(eq(orders.id, orderId))
      if (itemsToo)
        await tx.update(orderLines).set({ returned: orderLines.quantity }).where(eq(orderLines.orderId, orderId))
    },
  }
}

export type RefundsRepo = ReturnType<typeof createRefundsRepo>
