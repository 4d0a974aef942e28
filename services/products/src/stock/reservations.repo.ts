import { AppError, type PostgresJsDatabase, type Queryable, type Transaction, secondsFromNow } from '@shopfront/kit'
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm'
import { quantitiesByProduct, reservationRefusal } from '../contract.ts'
import { products, reservationLines, reservations, stockMovements } from '../db/schema.ts'

export interface ReservationLine {
  productId: string
  quantity: number
}

type Reservation = typeof reservations.$inferSelect

const byProduct = (a: ReservationLine, b: ReservationLine) => (a.productId < b.productId ? -1 : 1)

type HeldLine = ReservationLine & { returned: number }

/** A reservation as the API shows it; each line says how many of it came back (a return, in part or whole). */
export const view = (r: Reservation, lines: HeldLine[]) => ({
  orderId: r.orderId,
  status: r.status,
  expiresAt: r.expiresAt.toISOString(),
  lines: lines.map(({ productId, quantity, returned }) => ({ productId, quantity, returned })).sort(byProduct),
})

const lineColumns = {
  productId: reservationLines.productId,
  quantity: reservationLines.quantity,
  returned: reservationLines.returned,
}
const linesOf = (q: Queryable, orderId: string) =>
  q
    .select(lineColumns)
    .from(reservationLines)
    .where(eq(reservationLines.orderId, orderId))
    .orderBy(asc(reservationLines.productId))

/** Stock on hand and reserved move by `change` (each a count added, negative to take away); on hand after it. */
export const moveStock = (tx: Transaction, productId: string, change: { onHand?: number; reserved?: number }) =>
  tx
    .update(products)
    .set({
      onHand: change.onHand ? sql`${products.onHand} + ${change.onHand}` : undefined,
      reserved: change.reserved ? sql`${products.reserved} + ${change.reserved}` : undefined,
      updatedAt: sql`now()`,
    })
    .where(eq(products.id, productId))
    .returning({ onHand: products.onHand })

/** A reservation with its lines (locked for the transaction with `lock`); undefined where there is none. */
export async function load(q: Queryable, orderId: string, lock = false) {
  const query = q.select().from(reservations).where(eq(reservations.orderId, orderId))
  const [row] = lock ? await query.for('update') : await query
  if (!row) return undefined
  return { row, lines: await linesOf(q, orderId) }
}

/**
 * Stock reservations for orders. Reserving takes every line or none, in one transaction of
 * conditional updates (`available >= quantity`), in a fixed order of product ids so two
 * orders never deadlock; it is idempotent per order id. Commit takes the stock for good,
 * release gives it back (returns.repo.ts puts committed stock back); a reservation left alone
 * past its expiry is released by `sweep`.
 */
export function createReservationsRepo(db: PostgresJsDatabase) {
  async function finish(orderId: string, to: 'committed' | 'released') {
    return db.transaction(async (tx) => {
      const found = await load(tx, orderId, true)
      if (!found) throw new AppError('not_found', `No reservation for order ${orderId}.`)
      const { row, lines } = found
      if (row.status === to || (to === 'released' && row.status === 'expired')) return view(row, lines)
      if (row.status !== 'reserved')
        throw new AppError('conflict', `The reservation for order ${orderId} is ${row.status}; it cannot be ${to}.`)
      for (const { productId, quantity } of lines) {
        const change = to === 'committed' ? { onHand: -quantity, reserved: -quantity } : { reserved: -quantity }
        const [after] = await moveStock(tx, productId, change)
        if (to === 'committed' && after)
          await tx.insert(stockMovements).values({
            productId,
            delta: -quantity,
            reason: `order ${orderId}`,
            actor: 'sales',
            orderId,
            onHandAfter: after.onHand,
          })
      }
      const [updated] = await tx
        .update(reservations)
        .set({ status: to, updatedAt: sql`now()` })
        .where(eq(reservations.orderId, orderId))
        .returning()
      return view(updated ?? row, lines)
    })
  }

  return {
    /** Live reservations (orders being placed) holding a product, oldest first. */
    async liveFor(productId: string) {
      const rows = await db
        .select({
          orderId: reservations.orderId,
          quantity: reservationLines.quantity,
          expiresAt: reservations.expiresAt,
          createdAt: reservations.createdAt,
        })
        .from(reservationLines)
        .innerJoin(reservations, eq(reservations.orderId, reservationLines.orderId))
        .where(and(eq(reservationLines.productId, productId), eq(reservations.status, 'reserved')))
        .orderBy(asc(reservations.createdAt))
      return rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString() }))
    },

    async get(orderId: string) {
      const found = await load(db, orderId)
      if (!found) throw new AppError('not_found', `No reservation for order ${orderId}.`)
      return view(found.row, found.lines)
    },

    async reserve(orderId: string, requested: ReservationLine[], ttlSeconds: number) {
      const lines = [...quantitiesByProduct(requested)]
        .map(([productId, quantity]) => ({ productId, quantity }))
        .sort(byProduct)
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(reservations)
          .values({ orderId, status: 'reserved', expiresAt: secondsFromNow(ttlSeconds) })
          .onConflictDoNothing({ target: reservations.orderId })
          .returning()
        if (!created) {
          // a repeat: the same order answers the same reservation; different lines are a conflict
          const existing = await load(tx, orderId)
          if (!existing) throw new AppError('conflict', `Order ${orderId} is being reserved; try again.`)
          const held = view(existing.row, existing.lines).lines.map(({ productId, quantity }) => ({
            productId,
            quantity,
          }))
          const same = JSON.stringify(held) === JSON.stringify(lines)
          if (!same) throw new AppError('conflict', `Order ${orderId} already has a reservation with other lines.`)
          return { reservation: view(existing.row, existing.lines), created: false }
        }
        for (const line of lines) {
          const [taken] = await tx
            .update(products)
            .set({ reserved: sql`${products.reserved} + ${line.quantity}`, updatedAt: sql`now()` })
            .where(
              and(
                eq(products.id, line.productId),
                eq(products.active, true),
                gte(sql`${products.onHand} - ${products.reserved}`, line.quantity),
              ),
            )
            .returning({ id: products.id })
          if (!taken) await refuse(tx, line)
          await tx.insert(reservationLines).values({ orderId, ...line })
        }
        return {
          reservation: view(
            created,
            lines.map((line) => ({ ...line, returned: 0 })),
          ),
          created: true,
        }
      })
    },

    commit: (orderId: string) => finish(orderId, 'committed'),
    release: (orderId: string) => finish(orderId, 'released'),

    /** Releases expired reservations; each is claimed with SKIP LOCKED, so several instances can sweep at once. */
    async sweep(batch = 100): Promise<number> {
      let released = 0
      for (;;) {
        const done = await db.transaction(async (tx) => {
          const [due] = await tx
            .select({ orderId: reservations.orderId })
            .from(reservations)
            .where(and(eq(reservations.status, 'reserved'), lt(reservations.expiresAt, sql`now()`)))
            .orderBy(asc(reservations.expiresAt))
            .limit(1)
            .for('update', { skipLocked: true })
          if (!due) return false
          for (const line of await linesOf(tx, due.orderId))
            await moveStock(tx, line.productId, { reserved: -line.quantity })
          await tx
            .update(reservations)
            .set({ status: 'expired', updatedAt: sql`now()` })
            .where(eq(reservations.orderId, due.orderId))
          return true
        })
        if (!done || ++released >= batch) return released
      }
    },
  }
}

/** Why a line could not be reserved, with its stable code: no such product, no longer sold, or not enough. */
async function refuse(tx: Transaction, line: ReservationLine): Promise<never> {
  const [product] = await tx
    .select({
      sku: products.sku,
      name: products.name,
      active: products.active,
      available: sql<number>`${products.onHand} - ${products.reserved}`.mapWith(Number),
      held: products.reserved,
    })
    .from(products)
    .where(eq(products.id, line.productId))
  throw reservationRefusal(line, product)
}

export type ReservationsRepo = ReturnType<typeof createReservationsRepo>
