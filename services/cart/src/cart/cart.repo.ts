import type { PostgresJsDatabase, Queryable, Transaction } from '@shopfront/kit'
import { and, asc, eq, inArray, like, lt, lte, max, sql } from 'drizzle-orm'
import { cartLines, checkedOutOrders } from '../db/schema.ts'
import type { ProductInfo } from '../neighbours/neighbours.ts'

export type Line = { productId: string; quantity: number } & Omit<ProductInfo, 'id'>

const lineColumns = {
  productId: cartLines.productId,
  quantity: cartLines.quantity,
  name: cartLines.name,
  unitPrice: cartLines.unitPrice,
  currency: cartLines.currency,
  available: cartLines.available,
  active: cartLines.active,
}

const lineOf = (userId: string, productId: string) =>
  and(eq(cartLines.userId, userId), eq(cartLines.productId, productId))

const catalogData = (product: ProductInfo) => ({
  name: product.name,
  unitPrice: product.unitPrice,
  currency: product.currency,
  available: product.available,
  active: product.active,
  seenAt: sql`now()`,
})

/** One change at a time per cart, so limits hold under concurrency. */
const lockCart = (tx: Transaction, userId: string) =>
  tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`cart:${userId}`}))`)

/** Cart lines in the cart service's own database, with the catalog data last seen for each product. */
export function createCartRepo(db: PostgresJsDatabase) {
  return {
    async lines(userId: string, tx: Queryable = db): Promise<Line[]> {
      return tx
        .select(lineColumns)
        .from(cartLines)
        .where(eq(cartLines.userId, userId))
        .orderBy(asc(cartLines.addedAt), asc(cartLines.productId))
    },

    /** Runs `work` with the user's cart to itself. */
    locked<T>(userId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => {
        await lockCart(tx, userId)
        return work(tx)
      })
    },

    async save(tx: Transaction, userId: string, product: ProductInfo, quantity: number) {
      await tx
        .insert(cartLines)
        .values({ userId, productId: product.id, quantity, ...catalogData(product) })
        .onConflictDoUpdate({
          target: [cartLines.userId, cartLines.productId],
          set: { quantity, ...catalogData(product), updatedAt: sql`now()` },
        })
    },

    async setQuantity(tx: Transaction, userId: string, productId: string, quantity: number) {
      await tx.update(cartLines).set({ quantity, updatedAt: sql`now()` }).where(lineOf(userId, productId))
    },

    /** Remembers what the catalog said, for the next time it cannot be asked. */
    async remember(userId: string, product: ProductInfo) {
      await db.update(cartLines).set(catalogData(product)).where(lineOf(userId, product.id))
    },

    async forget(userId: string, productId: string) {
      await db
        .update(cartLines)
        .set({ active: false, available: 0, seenAt: sql`now()` })
        .where(lineOf(userId, productId))
    },

    async remove(userId: string, productId: string): Promise<boolean> {
      const gone = await db.delete(cartLines).where(lineOf(userId, productId)).returning({ id: cartLines.productId })
      return gone.length > 0
    },

    async empty(userId: string) {
      await db.delete(cartLines).where(eq(cartLines.userId, userId))
    },

    /** Everything kept of a user (a deleted account): the cart's lines and the orders taken off it. */
    async forgetUser(userId: string) {
      await db.transaction(async (tx) => {
        await tx.delete(cartLines).where(eq(cartLines.userId, userId))
        await tx.delete(checkedOutOrders).where(eq(checkedOutOrders.userId, userId))
      })
    },

    /**
     * Takes an order's bought quantities off the cart, once per order: what was added
     * meanwhile (another tab) stays. False when the order was already taken off.
     */
    async takeOff(
      userId: string,
      orderId: string,
      bought: { productId: string; quantity: number }[],
    ): Promise<boolean> {
      return db.transaction(async (tx) => {
        await lockCart(tx, userId)
        const fresh = await tx
          .insert(checkedOutOrders)
          .values({ orderId, userId })
          .onConflictDoNothing()
          .returning({ orderId: checkedOutOrders.orderId })
        if (!fresh.length) return false
        for (const { productId, quantity } of bought) {
          const gone = await tx
            .delete(cartLines)
            .where(and(lineOf(userId, productId), lte(cartLines.quantity, quantity)))
            .returning({ id: cartLines.productId })
          if (!gone.length)
            await tx
              .update(cartLines)
              .set({ quantity: sql`${cartLines.quantity} - ${quantity}`, updatedAt: sql`now()` })
              .where(lineOf(userId, productId))
        }
        return true
      })
    },

    /**
     * Deletes up to `size` guest carts nobody changed for `idleDays` (the newest line
     * decides; a line added meanwhile stays); how many carts went.
     */
    async sweepGuests(idleDays: number, size: number): Promise<number> {
      const before = sql`now() - ${idleDays} * interval '1 day'`
      const idle = db
        .select({ userId: cartLines.userId })
        .from(cartLines)
        .where(like(cartLines.userId, 'guest:%'))
        .groupBy(cartLines.userId)
        .having(lt(max(cartLines.updatedAt), before))
        .limit(size)
      const gone = await db
        .delete(cartLines)
        .where(and(inArray(cartLines.userId, idle), lt(cartLines.updatedAt, before)))
        .returning({ userId: cartLines.userId })
      return new Set(gone.map((line) => line.userId)).size
    },
  }
}

export type CartRepo = ReturnType<typeof createCartRepo>
