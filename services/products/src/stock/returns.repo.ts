import { AppError, type PostgresJsDatabase, type Transaction } from '@shopfront/kit'
import { and, eq, sql } from 'drizzle-orm'
import { quantitiesByProduct } from '../contract.ts'
import { reservationLines, reservations, stockMovements, stockReturns } from '../db/schema.ts'
import { load, moveStock, type ReservationLine, view } from './reservations.repo.ts'

/**
 * Committed stock back on hand, for an order cancelled or returned: whole (all that has not
 * come back yet), or in part under the caller's key (sales' refund), each part once. The
 * reservation becomes `returned` when every unit of it is back. Audited as "return of order".
 */
export function createReturnsRepo(db: PostgresJsDatabase) {
  /** Puts `count` of a line back on hand, with its movement; the line remembers how many came back. */
  async function putBack(tx: Transaction, orderId: string, productId: string, count: number) {
    const [after] = await moveStock(tx, productId, { onHand: count })
    await tx
      .update(reservationLines)
      .set({ returned: sql`${reservationLines.returned} + ${count}` })
      .where(and(eq(reservationLines.orderId, orderId), eq(reservationLines.productId, productId)))
    if (after)
      await tx.insert(stockMovements).values({
        productId,
        delta: count,
        reason: `return of order ${orderId}`,
        actor: 'sales',
        orderId,
        onHandAfter: after.onHand,
      })
  }

  /** An order's reservation, locked for the transaction; a missing one is a 404. */
  async function locked(tx: Transaction, orderId: string) {
    const found = await load(tx, orderId, true)
    if (!found) throw new AppError('not_found', `No reservation for order ${orderId}.`)
    return found
  }

  const cannotReturn = (orderId: string, status: string) =>
    new AppError('conflict', `The reservation for order ${orderId} is ${status}; it cannot be returned.`)

  async function markReturned(tx: Transaction, orderId: string) {
    const [updated] = await tx
      .update(reservations)
      .set({ status: 'returned', updatedAt: sql`now()` })
      .where(eq(reservations.orderId, orderId))
      .returning()
    return updated
  }

  return {
    /** Everything not back yet comes back; idempotent. */
    returnStock: (orderId: string) =>
      db.transaction(async (tx) => {
        const { row, lines } = await locked(tx, orderId)
        if (row.status === 'returned') return view(row, lines)
        if (row.status !== 'committed') throw cannotReturn(orderId, row.status)
        for (const line of lines)
          if (line.quantity > line.returned) await putBack(tx, orderId, line.productId, line.quantity - line.returned)
        const back = lines.map((line) => ({ ...line, returned: line.quantity }))
        return view((await markReturned(tx, orderId)) ?? row, back)
      }),

    /**
     * Part of an order back, once per `key`: each line at most what is still out (a 409
     * beyond, or for a product the order did not have). A repeat of the key changes nothing.
     */
    returnPart: (orderId: string, key: string, part: ReservationLine[]) =>
      db.transaction(async (tx) => {
        const { row, lines } = await locked(tx, orderId)
        const [done] = await tx
          .insert(stockReturns)
          .values({ orderId, key })
          .onConflictDoNothing()
          .returning({ key: stockReturns.key })
        if (!done) return view(row, lines)
        if (row.status !== 'committed') throw cannotReturn(orderId, row.status)
        const wanted = quantitiesByProduct(part)
        for (const [productId, count] of wanted) {
          const line = lines.find((l) => l.productId === productId)
          const out = line ? line.quantity - line.returned : 0
          if (count > out)
            throw new AppError(
              'conflict',
              line
                ? `Only ${out} of product ${productId} in order ${orderId} can still come back.`
                : `Order ${orderId} did not have product ${productId}.`,
              { productId, outstanding: out },
            )
          await putBack(tx, orderId, productId, count)
        }
        const back = lines.map((line) => ({ ...line, returned: line.returned + (wanted.get(line.productId) ?? 0) }))
        const whole = back.every((line) => line.returned === line.quantity)
        return view((whole ? await markReturned(tx, orderId) : undefined) ?? row, back)
      }),
  }
}

export type ReturnsRepo = ReturnType<typeof createReturnsRepo>
