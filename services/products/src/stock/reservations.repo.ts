import { reservationCodes } from '../contract.ts'
import type { Sql, TransactionSql } from 'postgres'
import { AppError } from '@shopfront/kit'

export interface ReservationLine {
  productId: string
  quantity: number
}

const view = (r: Record<string, any>, lines: Record<string, any>[]) => ({
  orderId: r.order_id,
  status: r.status,
  expiresAt: new Date(r.expires_at).toISOString(),
  lines: lines
    .map((l) => ({ productId: l.product_id, quantity: l.quantity }))
    .sort((a, b) => (a.productId < b.productId ? -1 : 1)),
})

/**
 * Stock reservations for orders. Reserving takes every line or none, in one transaction of
 * conditional updates (`available >= quantity`), in a fixed order of product ids so two
 * orders never deadlock; it is idempotent per order id. Commit takes the stock for good,
 * release gives it back; a reservation left alone past its expiry is released by `sweep`.
 */
export function createReservationsRepo(sql: Sql) {
  async function load(tx: Sql | TransactionSql, orderId: string, lock = false) {
    const [row] = lock
      ? await tx`SELECT * FROM reservations WHERE order_id = ${orderId} FOR UPDATE`
      : await tx`SELECT * FROM reservations WHERE order_id = ${orderId}`
    if (!row) return undefined
    return {
      row,
      lines: await tx`SELECT product_id, quantity FROM reservation_lines WHERE order_id = ${orderId}`,
    }
  }

  async function finish(
    orderId: string,
    to: 'committed' | 'released' | 'returned',
    from: readonly string[] = ['reserved'],
  ) {
    return sql.begin(async (tx) => {
      const found = await load(tx, orderId, true)
      if (!found) throw new AppError('not_found', `No reservation for order ${orderId}.`)
      const { row, lines } = found
      if (row.status === to || (to === 'released' && row.status === 'expired')) return view(row, lines)
      if (!from.includes(row.status))
        throw new AppError('conflict', `The reservation for order ${orderId} is ${row.status}; it cannot be ${to}.`)
      for (const line of [...lines].sort((a, b) => (a.product_id < b.product_id ? -1 : 1))) {
        if (to === 'committed')
          await tx`UPDATE products SET on_hand = on_hand - ${line.quantity}, reserved = reserved - ${line.quantity}, updated_at = now() WHERE id = ${line.product_id}`
        if (to === 'released')
          await tx`UPDATE products SET reserved = reserved - ${line.quantity}, updated_at = now() WHERE id = ${line.product_id}`
        if (to === 'returned')
          await tx`UPDATE products SET on_hand = on_hand + ${line.quantity}, updated_at = now() WHERE id = ${line.product_id}`
        if (to !== 'released') {
          const delta = to === 'committed' ? -line.quantity : line.quantity
          await tx`INSERT INTO stock_movements (product_id, delta, reason, actor, on_hand_after)
                   SELECT id, ${delta}, ${`${to === 'committed' ? 'order' : 'return of order'} ${orderId}`}, 'sales', on_hand FROM products WHERE id = ${line.product_id}`
        }
      }
      const [updated] =
        await tx`UPDATE reservations SET status = ${to}, updated_at = now() WHERE order_id = ${orderId} RETURNING *`
      return view(updated!, lines)
    })
  }

  return {
    /** Live reservations (orders being placed) holding a product, oldest first. */
    async liveFor(productId: string) {
      const rows = await sql<{ order_id: string; quantity: number; expires_at: Date; created_at: Date }[]>`
      SELECT r.order_id, l.quantity, r.expires_at, r.created_at FROM reservation_lines l
      JOIN reservations r ON r.order_id = l.order_id
      WHERE l.product_id = ${productId} AND r.status = 'reserved' ORDER BY r.created_at`
      return rows.map((r) => ({
        orderId: r.order_id,
        quantity: r.quantity,
        expiresAt: new Date(r.expires_at).toISOString(),
        createdAt: new Date(r.created_at).toISOString(),
      }))
    },
    async get(orderId: string) {
      const found = await load(sql, orderId)
      if (!found) throw new AppError('not_found', `No reservation for order ${orderId}.`)
      return view(found.row, found.lines)
    },

    async reserve(orderId: string, requested: ReservationLine[], ttlSeconds: number) {
      const merged = new Map<string, number>()
      for (const { productId, quantity } of requested) merged.set(productId, (merged.get(productId) ?? 0) + quantity)
      const lines = [...merged]
        .map(([productId, quantity]) => ({ productId, quantity }))
        .sort((a, b) => (a.productId < b.productId ? -1 : 1))
      return sql.begin(async (tx) => {
        const [created] = await tx`
          INSERT INTO reservations (order_id, status, expires_at) VALUES (${orderId}, 'reserved', now() + ${ttlSeconds} * interval '1 second')
          ON CONFLICT (order_id) DO NOTHING RETURNING *`
        if (!created) {
          // a repeat: the same order answers the same reservation; different lines are a conflict
          const existing = (await load(tx, orderId))!
          const same = JSON.stringify(view(existing.row, existing.lines).lines) === JSON.stringify(lines)
          if (!same) throw new AppError('conflict', `Order ${orderId} already has a reservation with other lines.`)
          return { reservation: view(existing.row, existing.lines), created: false }
        }
        for (const line of lines) {
          const [taken] = await tx`
            UPDATE products SET reserved = reserved + ${line.quantity}, updated_at = now()
            WHERE id = ${line.productId} AND active AND on_hand - reserved >= ${line.quantity}
            RETURNING id`
          if (!taken) {
            const [product] =
              await tx`SELECT sku, name, active, on_hand - reserved AS available FROM products WHERE id = ${line.productId}`
            if (!product)
              throw new AppError('unprocessable', `No product ${line.productId}.`, {
                code: reservationCodes.noSuchProduct,
                productId: line.productId,
              })
            if (!product.active)
              throw new AppError('conflict', `${product.name} (${product.sku}) is no longer sold.`, {
                code: reservationCodes.noLongerSold,
                productId: line.productId,
                available: 0,
              })
            throw new AppError(
              'conflict',
              `Not enough ${product.name} (${product.sku}): ${line.quantity} wanted, ${product.available} available.`,
              {
                code: reservationCodes.outOfStock,
                productId: line.productId,
                requested: line.quantity,
                available: product.available,
              },
            )
          }
          await tx`INSERT INTO reservation_lines (order_id, product_id, quantity) VALUES (${orderId}, ${line.productId}, ${line.quantity})`
        }
        return {
          reservation: view(
            created,
            lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })),
          ),
          created: true,
        }
      })
    },

    commit: (orderId: string) => finish(orderId, 'committed'),
    release: (orderId: string) => finish(orderId, 'released'),
    /** Puts committed stock back on hand (a cancelled or returned order); idempotent. */
    returnStock: (orderId: string) => finish(orderId, 'returned', ['committed']),

    /** Releases expired reservations; each is claimed with SKIP LOCKED, so several instances can sweep at once. */
    async sweep(batch = 100): Promise<number> {
      let released = 0
      for (;;) {
        const done = await sql.begin(async (tx) => {
          const [due] = await tx`
            SELECT order_id FROM reservations WHERE status = 'reserved' AND expires_at < now()
            ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`
          if (!due) return false
          const lines =
            await tx`SELECT product_id, quantity FROM reservation_lines WHERE order_id = ${due.order_id} ORDER BY product_id`
          for (const line of lines)
            await tx`UPDATE products SET reserved = reserved - ${line.quantity}, updated_at = now() WHERE id = ${line.product_id}`
          await tx`UPDATE reservations SET status = 'expired', updated_at = now() WHERE order_id = ${due.order_id}`
          return true
        })
        if (!done || ++released >= batch) return released
      }
    },
  }
}

export type ReservationsRepo = ReturnType<typeof createReservationsRepo>
