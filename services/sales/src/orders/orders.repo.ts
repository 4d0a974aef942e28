import {
  AppError,
  dueForTakeOver,
  type PostgresJsDatabase,
  type Queryable,
  readPage,
  type Transaction,
  withTotal,
  secondsAgo,
  secondsFromNow,
} from '@shopfront/kit'
import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm'
import type { Claim, NewOrder, Order, OrderLine, PricedLine } from './order.ts'
import { type OrderFilter, unfinished, whereOf } from './order-filter.ts'
import { orderReport, type ReportPeriod } from './order-report.ts'
import { orderStats } from './order-stats.ts'
import {
  type Card,
  type FailedLine,
  orderEvents,
  orderLines,
  orders,
  type OrderStatus,
  type SagaStep,
} from '../db/schema.ts'

export type { FailedLine, OrderFilter, OrderStatus, SagaStep }
export type { Claim, NewOrder, Order, OrderLine, PricedLine }

const { idempotencyKey: _key, leaseUntil: _lease, ...orderColumns } = getTableColumns(orders)
const { orderId: _order, ...lineColumns } = getTableColumns(orderLines)

const toOrder = (row: Omit<Order, 'lines'>, lines: OrderLine[]): Order => ({
  ...row,
  currency: row.currency.trim(),
  lines,
})

const noClaim = { claimedFor: null, claimedUntil: null, claimedBy: null, claimNote: null }

/** Orders, their lines and their status history, in sales' own database: every statement about them is here. */
export function createOrdersRepo(db: PostgresJsDatabase) {
  async function withLines(q: Queryable, rows: Omit<Order, 'lines'>[]): Promise<Order[]> {
    if (rows.length === 0) return []
    const lines = await q
      .select({ orderId: orderLines.orderId, ...lineColumns })
      .from(orderLines)
      .where(
        inArray(
          orderLines.orderId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(orderLines.name), asc(orderLines.productId))
    return rows.map((r) =>
      toOrder(
        r,
        lines.filter((l) => l.orderId === r.id).map(({ orderId: _, ...line }) => line),
      ),
    )
  }

  const select = (q: Queryable = db) => q.select(orderColumns).from(orders)

  /**
   * Takes over up to `limit` of the orders `among` whose `lease` (a checkout's, or a move's
   * claim) has run out, one claimant per order (SKIP LOCKED): each gets `seconds` more, and
   * comes back as it is now.
   */
  async function takeOver(
    among: SQL | undefined,
    lease: 'leaseUntil' | 'claimedUntil',
    seconds: number,
    limit: number,
  ) {
    const due = dueForTakeOver(db, orders, orders.id, and(among, lt(orders[lease], sql`now()`)), orders[lease], limit)
    const rows = await db
      .update(orders)
      .set(lease === 'leaseUntil' ? { leaseUntil: secondsFromNow(seconds) } : { claimedUntil: secondsFromNow(seconds) })
      .where(inArray(orders.id, due))
      .returning(orderColumns)
    return withLines(db, rows)
  }

  const repo = {
    /** Runs `work` in one transaction: an order's change, its history and its e-mail commit together. */
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => db.transaction(work),

    /** Inserts a pending order with its lines and first history entry; `undefined` when the user already used this idempotency key. */
    async create(tx: Transaction, o: NewOrder): Promise<Order | undefined> {
      const [row] = await tx
        .insert(orders)
        .values({
          id: o.id,
          number: sql`'SF-' || nextval('order_number_seq')`,
          userId: o.userId,
          email: o.email,
          customerName: o.customerName,
          status: 'pending',
          currency: o.currency,
          subtotal: o.subtotal,
          discount: o.discount,
          shipping: o.shipping,
          total: o.total,
          promotionId: o.promotionId ?? null,
          promoCode: o.promoCode ?? null,
          shippingAddress: o.shippingAddress,
          idempotencyKey: o.idempotencyKey,
          requestHash: o.requestHash,
          leaseUntil: secondsFromNow(o.leaseSeconds),
        })
        .onConflictDoNothing({ target: [orders.userId, orders.idempotencyKey] })
        .returning(orderColumns)
      if (!row) return undefined
      if (o.lines.length) await tx.insert(orderLines).values(o.lines.map((l) => ({ orderId: o.id, ...l })))
      await repo.event(tx, o.id, 'pending', 'checkout started', o.userId)
      return toOrder(
        row,
        o.lines.map((l) => ({ ...l, returned: 0 })),
      )
    },

    /** An order's id from its id or its number (SF-1001, as customers see it); a 404 when there is none. */
    async idOf(ref: string): Promise<string> {
      if (!/^SF-\d+$/i.test(ref)) return ref
      const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.number, ref.toUpperCase()))
      if (!row) throw new AppError('not_found', `No order ${ref.toUpperCase()}.`)
      return row.id
    },

    async find(id: string, q: Queryable = db): Promise<Order | undefined> {
      return (await withLines(q, await select(q).where(eq(orders.id, id))))[0]
    },

    async get(id: string, q: Queryable = db): Promise<Order> {
      const order = await repo.find(id, q)
      if (!order) throw new AppError('not_found', `No order ${id}.`)
      return order
    },

    /** The order locked for a change (inside a transaction). */
    async lock(tx: Transaction, id: string): Promise<Order> {
      const [order] = await withLines(tx, await select(tx).where(eq(orders.id, id)).for('update'))
      if (!order) throw new AppError('not_found', `No order ${id}.`)
      return order
    },

    /**
     * Marks a locked order as being moved to `to`, by whom and why, for `seconds` (inside the
     * transaction that locked it); after them, recovery takes the move over.
     */
    async claim(tx: Transaction, id: string, claim: Claim & { seconds: number }) {
      await tx
        .update(orders)
        .set({
          claimedFor: claim.to,
          claimedUntil: secondsFromNow(claim.seconds),
          claimedBy: claim.by,
          claimNote: claim.note ?? null,
        })
        .where(eq(orders.id, id))
    },

    /** Gives a claim up (the money or stock could not be moved back; the order stays as it was). */
    async unclaim(id: string, to: 'cancelled' | 'refunded') {
      await db
        .update(orders)
        .set(noClaim)
        .where(and(eq(orders.id, id), eq(orders.claimedFor, to)))
    },

    /** The orders whose claim lapsed (its move failed unsure, or its process died), claimed again for `seconds`. */
    async claimLapsed(seconds: number, limit = 20): Promise<(Order & { claimedFor: Claim['to'] })[]> {
      const lapsed = await takeOver(isNotNull(orders.claimedFor), 'claimedUntil', seconds, limit)
      return lapsed.filter((o): o is Order & { claimedFor: Claim['to'] } => o.claimedFor !== null)
    },

    /** How many orders a cancellation or whole refund holds (under way, or left for recovery). */
    countClaimed: () => db.$count(orders, isNotNull(orders.claimedFor)),

    /** Sets the status (and a tracking number) of a locked order, ending any claim. */
    async setStatus(tx: Transaction, id: string, status: OrderStatus, trackingNumber?: string) {
      await tx
        .update(orders)
        .set({ status, trackingNumber, ...noClaim, updatedAt: sql`now()` })
        .where(eq(orders.id, id))
    },

    /** The checkout's end: the locked order is paid, its saga done. */
    async markPaid(tx: Transaction, id: string) {
      await tx.update(orders).set({ status: 'paid', step: 'done', updatedAt: sql`now()` }).where(eq(orders.id, id))
    },

    /** The checkout's other end: the locked order failed, and why; `compensationPending` while its undo is still due. */
    async markFailed(
      tx: Transaction,
      id: string,
      failure: { code: string; reason: string; line?: FailedLine | undefined; compensationPending: boolean },
    ) {
      await tx
        .update(orders)
        .set({
          status: 'failed',
          failureCode: failure.code,
          failureReason: failure.reason,
          failedLine: failure.line ?? null,
          compensationPending: failure.compensationPending,
          updatedAt: sql`now()`,
        })
        .where(eq(orders.id, id))
    },

    async byKey(userId: string, key: string): Promise<Order | undefined> {
      const rows = await select().where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, key)))
      return (await withLines(db, rows))[0]
    },

    async list({ page, limit, ...filter }: OrderFilter & { page: number; limit: number }) {
      const query = db
        .select({ ...orderColumns, ...withTotal })
        .from(orders)
        .where(whereOf(filter))
        .orderBy(desc(orders.createdAt), asc(orders.id))
      const { items, total } = await readPage(query, { page, limit })
      return { items: await withLines(db, items), total }
    },

    /** How many orders of each status the filter finds, how many were placed, and what they took in (`orderStats`). */
    stats: (filter: OrderFilter) => orderStats(db, filter),
    /** A period's sales day by day and its best sellers (`orderReport`). */
    report: (period: ReportPeriod) => orderReport(db, period),
    /**
     * How many checkouts (or their undoing, or emptying the cart after one) are still
     * unfinished `seconds` after they began: a checkout takes seconds, so one found here is one
     * recovery keeps failing to finish (products, the payment provider or the cart keeps failing).
     */
    countStalled: (seconds: number) => db.$count(orders, and(unfinished, lt(orders.createdAt, secondsAgo(seconds)))),

    async history(id: string) {
      const rows = await db
        .select({ status: orderEvents.status, note: orderEvents.note, at: orderEvents.at })
        .from(orderEvents)
        .where(eq(orderEvents.orderId, id))
        .orderBy(asc(orderEvents.id))
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
    },

    async event(q: Queryable, orderId: string, status: string, note: string | null, actor: string) {
      await q.insert(orderEvents).values({ orderId, status, note, actor })
    },

    /** Records a saga step and renews the checkout's lease (the order is still being worked on). */
    async step(id: string, step: SagaStep, leaseSeconds: number, set: { paymentId?: string; paymentCard?: Card } = {}) {
      await db
        .update(orders)
        .set({
          step,
          leaseUntil: secondsFromNow(leaseSeconds),
          updatedAt: sql`now()`,
          ...(set.paymentId ? { paymentId: set.paymentId, paymentCard: set.paymentCard ?? null } : {}),
        })
        .where(eq(orders.id, id))
    },

    /** Takes over unfinished work whose lease has run out (a crashed or stuck checkout): one claimant per order. */
    claimUnfinished: (leaseSeconds: number, limit = 20): Promise<Order[]> =>
      takeOver(unfinished, 'leaseUntil', leaseSeconds, limit),

    async setFlags(id: string, flags: { compensationPending?: boolean; cartEmptied?: boolean }) {
      await db
        .update(orders)
        .set({ ...flags, updatedAt: sql`now()` })
        .where(eq(orders.id, id))
    },
  }
  return repo
}

export type OrdersRepo = ReturnType<typeof createOrdersRepo>
