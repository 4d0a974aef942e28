import { type PostgresJsDatabase, readPage, type Transaction, withTotal } from '@shopfront/kit'
import { and, asc, count, desc, eq, min, sql } from 'drizzle-orm'
import { available } from '../catalog/facets.ts'
import { products, stockAlerts } from '../db/schema.ts'

/** Who waits for a product: the shopper, and where and how to write to them. */
export type Watcher = { userId: string; email: string; name: string }

/** An alert due, with what the e-mail says of its product. */
export type DueAlert = Watcher & {
  productId: string
  createdAt: Date
  product: { sku: string; name: string; priceAmount: number; currency: string }
}

// an alert as the API shows it (StockAlert in the contract)
const alertColumns = {
  productId: stockAlerts.productId,
  name: products.name,
  active: products.active,
  since: stockAlerts.createdAt,
}

const key = (productId: string, userId: string) =>
  and(eq(stockAlerts.productId, productId), eq(stockAlerts.userId, userId))

/** The "tell me when it is back" alerts: kept by shopper and product, sent once the product can be bought again. */
export function createAlertsRepo(db: PostgresJsDatabase) {
  return {
    /** Keeps the shopper's alert (asked again: with the address their token now carries). */
    async watch(productId: string, watcher: Watcher) {
      await db
        .insert(stockAlerts)
        .values({ productId, ...watcher })
        .onConflictDoUpdate({
          target: [stockAlerts.productId, stockAlerts.userId],
          set: { email: watcher.email, name: watcher.name },
        })
    },

    /** The shopper's alert for the product gone (none: nothing to do). */
    async unwatch(productId: string, userId: string) {
      await db.delete(stockAlerts).where(key(productId, userId))
    },

    /** The shopper's alert for the product; undefined when they wait for none. */
    async find(productId: string, userId: string) {
      const [row] = await db
        .select(alertColumns)
        .from(stockAlerts)
        .innerJoin(products, eq(products.id, stockAlerts.productId))
        .where(key(productId, userId))
      return row
    },

    /** A page of what the shopper waits for, newest first. */
    mine(userId: string, paging: { page: number; limit: number }) {
      const query = db
        .select({ ...alertColumns, ...withTotal })
        .from(stockAlerts)
        .innerJoin(products, eq(products.id, stockAlerts.productId))
        .where(eq(stockAlerts.userId, userId))
        .orderBy(desc(stockAlerts.createdAt), asc(stockAlerts.productId))
      return readPage(query, paging)
    },

    /** How many shoppers wait for the product, and since when the first did (null: none). */
    async waitingFor(productId: string) {
      const [row] = await db
        .select({ waiting: count(), since: min(stockAlerts.createdAt) })
        .from(stockAlerts)
        .where(eq(stockAlerts.productId, productId))
      return { waiting: row?.waiting ?? 0, since: row?.since ?? null }
    },

    /** The products most waited for, most shoppers first (then the longest waited), at most `limit`. */
    demand(limit: number) {
      const waiting = count()
      const since = min(stockAlerts.createdAt)
      return db
        .select({ productId: stockAlerts.productId, name: products.name, waiting, since: sql<Date>`${since}` })
        .from(stockAlerts)
        .innerJoin(products, eq(products.id, stockAlerts.productId))
        .groupBy(stockAlerts.productId, products.name)
        .orderBy(desc(waiting), asc(since), asc(stockAlerts.productId))
        .limit(limit)
    },

    /** A deleted account's alerts gone. */
    async forgetUser(userId: string) {
      await db.delete(stockAlerts).where(eq(stockAlerts.userId, userId))
    },

    /**
     * Up to `size` alerts whose product is sold again and can be had, each handed to `send`
     * and then deleted, in one transaction: the e-mail (queued in the outbox by `send`) and
     * the alert's end are one. Rows are claimed with SKIP LOCKED, so several instances can
     * send at once. How many were sent.
     */
    sendDue(size: number, send: (tx: Transaction, alert: DueAlert) => Promise<unknown>) {
      return db.transaction(async (tx) => {
        const due = await tx
          .select({
            productId: stockAlerts.productId,
            userId: stockAlerts.userId,
            email: stockAlerts.email,
            name: stockAlerts.name,
            createdAt: stockAlerts.createdAt,
            product: {
              sku: products.sku,
              name: products.name,
              priceAmount: products.priceAmount,
              currency: products.currency,
            },
          })
          .from(stockAlerts)
          .innerJoin(products, eq(products.id, stockAlerts.productId))
          .where(and(eq(products.active, true), sql`${available} > 0`))
          .orderBy(asc(stockAlerts.createdAt))
          .limit(size)
          .for('update', { of: stockAlerts, skipLocked: true })
        for (const alert of due) {
          await send(tx, alert)
          await tx.delete(stockAlerts).where(key(alert.productId, alert.userId))
        }
        return due.length
      })
    },
  }
}

export type AlertsRepo = ReturnType<typeof createAlertsRepo>
