import type { Sql, TransactionSql } from 'postgres'
import { AppError, pageWindow, totalColumn, totalOf } from '@shopfront/kit'
import type { Address } from '../neighbours/neighbours.ts'

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'refunded' | 'failed'
export type SagaStep = 'created' | 'reserved' | 'authorized' | 'captured' | 'committed' | 'done'

export interface OrderLine {
  productId: string
  sku: string
  name: string
  unitPrice: number
  quantity: number
  lineTotal: number
}

export interface Order {
  id: string
  number: string
  userId: string
  email: string
  customerName: string
  status: OrderStatus
  step: SagaStep
  currency: string
  subtotal: number
  discount: number
  total: number
  promotionId: string | null
  promoCode: string | null
  shippingAddress: Address
  paymentId: string | null
  paymentCard: { brand: string; last4: string } | null
  failureCode: string | null
  failureReason: string | null
  compensationPending: boolean
  cartEmptied: boolean
  trackingNumber: string | null
  /** A cancellation or refund under way (money and stock moving back), until `claimedUntil`. */
  claimedFor: 'cancelled' | 'refunded' | null
  claimedUntil: Date | null
  requestHash: string
  createdAt: Date
  updatedAt: Date
  lines: OrderLine[]
}

export interface NewOrder {
  id: string
  userId: string
  email: string
  customerName: string
  currency: string
  subtotal: number
  discount: number
  total: number
  promotionId?: string
  promoCode?: string
  shippingAddress: Address
  idempotencyKey: string
  requestHash: string
  leaseSeconds: number
  lines: OrderLine[]
}

type Db = Sql | TransactionSql

const toOrder = (r: Record<string, any>, lines: Record<string, any>[]): Order => ({
  id: r.id,
  number: r.number,
  userId: r.user_id,
  email: r.email,
  customerName: r.customer_name,
  status: r.status,
  step: r.step,
  currency: String(r.currency).trim(),
  subtotal: r.subtotal,
  discount: r.discount,
  total: r.total,
  promotionId: r.promotion_id,
  promoCode: r.promo_code,
  shippingAddress: r.shipping_address,
  paymentId: r.payment_id,
  paymentCard: r.payment_card,
  failureCode: r.failure_code,
  failureReason: r.failure_reason,
  compensationPending: r.compensation_pending,
  cartEmptied: r.cart_emptied,
  trackingNumber: r.tracking_number,
  claimedFor: r.claimed_for,
  claimedUntil: r.claimed_until,
  requestHash: r.request_hash,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lines: lines.map((l) => ({
    productId: l.product_id,
    sku: l.sku,
    name: l.name,
    unitPrice: l.unit_price,
    quantity: l.quantity,
    lineTotal: l.line_total,
  })),
})

/** What a list of orders may be narrowed to: whose, which status, a customer's e-mail (part of it), placed between two days (UTC, both included). */
export interface OrderFilter {
  userId?: string | undefined
  status?: OrderStatus | undefined
  email?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

/** Orders, their lines and their status history, in sales' own database. */
export function createOrdersRepo(sql: Sql) {
  const whereOf = ({ userId, status, email, from, to }: OrderFilter) => sql`
    WHERE true
      ${userId ? sql`AND user_id = ${userId}` : sql``}
      ${status ? sql`AND status = ${status}` : sql``}
      ${email ? sql`AND email ILIKE ${`%${email.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}` : sql``}
      ${from ? sql`AND created_at >= (${from}::date::timestamp AT TIME ZONE 'UTC')` : sql``}
      ${to ? sql`AND created_at < ((${to}::date + 1)::timestamp AT TIME ZONE 'UTC')` : sql``}`

  async function withLines(db: Db, rows: readonly Record<string, any>[]): Promise<Order[]> {
    if (rows.length === 0) return []
    const lines =
      await db`SELECT * FROM order_lines WHERE order_id IN ${db(rows.map((r) => r.id))} ORDER BY name, product_id`
    return rows.map((r) =>
      toOrder(
        r,
        lines.filter((l) => l.order_id === r.id),
      ),
    )
  }

  const repo = {
    /** Inserts a pending order with its lines and first history entry; `undefined` when the user already used this idempotency key. */
    async create(tx: TransactionSql, o: NewOrder): Promise<Order | undefined> {
      const [row] = await tx`
        INSERT INTO orders (id, number, user_id, email, customer_name, status, currency, subtotal, discount, total, promotion_id, promo_code,
                            shipping_address, idempotency_key, request_hash, lease_until)
        VALUES (${o.id}, 'SF-' || nextval('order_number_seq'), ${o.userId}, ${o.email}, ${o.customerName}, 'pending', ${o.currency}, ${o.subtotal},
                ${o.discount}, ${o.total}, ${o.promotionId ?? null}, ${o.promoCode ?? null}, ${tx.json(o.shippingAddress as never)}, ${o.idempotencyKey},
                ${o.requestHash}, now() + ${o.leaseSeconds} * interval '1 second')
        ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING *`
      if (!row) return undefined
      for (const l of o.lines) {
        await tx`INSERT INTO order_lines (order_id, product_id, sku, name, unit_price, quantity, line_total)
                 VALUES (${o.id}, ${l.productId}, ${l.sku}, ${l.name}, ${l.unitPrice}, ${l.quantity}, ${l.lineTotal})`
      }
      await repo.event(tx, o.id, 'pending', 'checkout started', o.userId)
      return toOrder(
        row,
        o.lines.map((l) => ({
          product_id: l.productId,
          sku: l.sku,
          name: l.name,
          unit_price: l.unitPrice,
          quantity: l.quantity,
          line_total: l.lineTotal,
        })),
      )
    },

    /** An order's id from its id or its number (SF-1001, as customers see it); a 404 when there is none. */
    async idOf(ref: string): Promise<string> {
      if (!/^SF-\d+$/i.test(ref)) return ref
      const [row] = await sql<{ id: string }[]>`SELECT id FROM orders WHERE number = ${ref.toUpperCase()}`
      if (!row) throw new AppError('not_found', `No order ${ref.toUpperCase()}.`)
      return row.id
    },

    async find(id: string, db: Db = sql): Promise<Order | undefined> {
      return (await withLines(db, await db`SELECT * FROM orders WHERE id = ${id}`))[0]
    },

    async get(id: string, db: Db = sql): Promise<Order> {
      const order = await repo.find(id, db)
      if (!order) throw new AppError('not_found', `No order ${id}.`)
      return order
    },

    /** The order locked for a change (inside a transaction). */
    async lock(tx: TransactionSql, id: string): Promise<Order> {
      const [row] = await tx`SELECT * FROM orders WHERE id = ${id} FOR UPDATE`
      if (!row) throw new AppError('not_found', `No order ${id}.`)
      return (await withLines(tx, [row]))[0]!
    },

    /** Marks a locked order as being moved to `to` for `seconds` (inside the transaction that locked it). */
    async claim(tx: TransactionSql, id: string, to: 'cancelled' | 'refunded', seconds: number) {
      await tx`UPDATE orders SET claimed_for = ${to}, claimed_until = now() + ${seconds} * interval '1 second' WHERE id = ${id}`
    },

    /** Gives a claim up (the money or stock could not be moved back; the order stays as it was). */
    async unclaim(id: string, to: 'cancelled' | 'refunded') {
      await sql`UPDATE orders SET claimed_for = NULL, claimed_until = NULL WHERE id = ${id} AND claimed_for = ${to}`
    },

    /** Sets the status (and a tracking number) of a locked order, ending any claim. */
    async setStatus(tx: TransactionSql, id: string, status: OrderStatus, trackingNumber?: string) {
      await tx`UPDATE orders SET status = ${status}, tracking_number = coalesce(${trackingNumber ?? null}, tracking_number), claimed_for = NULL, claimed_until = NULL, updated_at = now() WHERE id = ${id}`
    },

    async byKey(userId: string, key: string): Promise<Order | undefined> {
      return (
        await withLines(sql, await sql`SELECT * FROM orders WHERE user_id = ${userId} AND idempotency_key = ${key}`)
      )[0]
    },

    async list({ page, limit, ...filter }: OrderFilter & { page: number; limit: number }) {
      const rows = await sql`
        SELECT *, ${totalColumn(sql)} FROM orders ${whereOf(filter)}
        ORDER BY created_at DESC, id ${pageWindow(sql, { page, limit })}`
      return { items: await withLines(sql, rows), total: totalOf(rows) }
    },

    /** How many orders of each status the filter finds, how many were placed (all but failed and pending), and what those still paid for (paid, shipped, delivered) took in, refunds deducted. */
    async stats(filter: OrderFilter) {
      const rows = await sql<{ status: OrderStatus; orders: number; revenue: number }[]>`
        SELECT status, count(*)::int AS orders, coalesce(sum(total), 0)::bigint AS revenue FROM orders ${whereOf(filter)}
        GROUP BY status`
      const placed = rows.filter((r) => r.status !== 'failed' && r.status !== 'pending')
      const kept = rows.filter((r) => ['paid', 'shipped', 'delivered'].includes(r.status))
      return {
        orders: placed.reduce((n, r) => n + r.orders, 0),
        revenue: kept.reduce((n, r) => n + Number(r.revenue), 0),
        byStatus: Object.fromEntries(rows.map((r) => [r.status, r.orders])),
      }
    },

    async history(id: string) {
      const rows = await sql`SELECT status, note, actor, at FROM order_events WHERE order_id = ${id} ORDER BY id`
      return rows.map((r) => ({
        status: r.status as string,
        note: r.note as string | null,
        at: new Date(r.at).toISOString(),
      }))
    },

    async event(db: Db, orderId: string, status: string, note: string | null, actor: string) {
      await db`INSERT INTO order_events (order_id, status, note, actor) VALUES (${orderId}, ${status}, ${note}, ${actor})`
    },

    /** Records a saga step and renews the checkout's lease (the order is still being worked on). */
    async step(
      id: string,
      step: SagaStep,
      leaseSeconds: number,
      set: { paymentId?: string; paymentCard?: { brand: string; last4: string } } = {},
    ) {
      await sql`
        UPDATE orders SET step = ${step}, lease_until = now() + ${leaseSeconds} * interval '1 second', updated_at = now()
          ${set.paymentId ? sql`, payment_id = ${set.paymentId}, payment_card = ${sql.json(set.paymentCard as never)}` : sql``}
        WHERE id = ${id}`
    },

    /** Takes over unfinished work whose lease has run out (a crashed or stuck checkout): one claimant per order. */
    async claimUnfinished(leaseSeconds: number, limit = 20): Promise<Order[]> {
      const rows = await sql`
        UPDATE orders SET lease_until = now() + ${leaseSeconds} * interval '1 second'
        WHERE id IN (
          SELECT id FROM orders
          WHERE (status = 'pending' OR compensation_pending OR (status = 'paid' AND NOT cart_emptied)) AND lease_until < now()
          ORDER BY lease_until LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING *`
      return withLines(sql, rows)
    },

    async setFlags(id: string, flags: { compensationPending?: boolean; cartEmptied?: boolean }) {
      const set: Record<string, unknown> = {}
      if (flags.compensationPending !== undefined) set.compensation_pending = flags.compensationPending
      if (flags.cartEmptied !== undefined) set.cart_emptied = flags.cartEmptied
      await sql`UPDATE orders SET ${sql(set)}, updated_at = now() WHERE id = ${id}`
    },
  }
  return repo
}

export type OrdersRepo = ReturnType<typeof createOrdersRepo>
