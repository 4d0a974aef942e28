import type { Sql, TransactionSql } from 'postgres'
import type { ProductInfo } from '../products/products-port.ts'

export type Line = { productId: string; quantity: number } & Omit<ProductInfo, 'id'>

const toLine = (r: Record<string, any>): Line => ({
  productId: r.product_id,
  quantity: r.quantity,
  name: r.name,
  unitPrice: r.unit_price,
  currency: String(r.currency).trim(),
  available: r.available,
  active: r.active,
})

/** Cart lines in the cart service's own database, with the catalog data last seen for each product. */
export function createCartRepo(sql: Sql) {
  return {
    async lines(userId: string, tx: Sql | TransactionSql = sql): Promise<Line[]> {
      return (await tx`SELECT * FROM cart_lines WHERE user_id = ${userId} ORDER BY added_at, product_id`).map(toLine)
    },

    /** Runs `work` with the user's cart to itself: one change at a time per cart, so limits hold under concurrency. */
    locked<T>(userId: string, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
      return sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtext(${`cart:${userId}`}))`
        return work(tx)
      }) as Promise<T>
    },

    async save(tx: TransactionSql, userId: string, product: ProductInfo, quantity: number) {
      await tx`
        INSERT INTO cart_lines (user_id, product_id, quantity, name, unit_price, currency, available, active, seen_at)
        VALUES (${userId}, ${product.id}, ${quantity}, ${product.name}, ${product.unitPrice}, ${product.currency}, ${product.available}, ${product.active}, now())
        ON CONFLICT (user_id, product_id) DO UPDATE SET
          quantity = EXCLUDED.quantity, name = EXCLUDED.name, unit_price = EXCLUDED.unit_price, currency = EXCLUDED.currency,
          available = EXCLUDED.available, active = EXCLUDED.active, seen_at = now(), updated_at = now()`
    },

    async setQuantity(tx: TransactionSql, userId: string, productId: string, quantity: number) {
      await tx`UPDATE cart_lines SET quantity = ${quantity}, updated_at = now() WHERE user_id = ${userId} AND product_id = ${productId}`
    },

    /** Remembers what the catalog said, for the next time it cannot be asked. */
    async remember(userId: string, product: ProductInfo) {
      await sql`
        UPDATE cart_lines SET name = ${product.name}, unit_price = ${product.unitPrice}, currency = ${product.currency},
          available = ${product.available}, active = ${product.active}, seen_at = now()
        WHERE user_id = ${userId} AND product_id = ${product.id}`
    },

    async forget(userId: string, productId: string) {
      await sql`UPDATE cart_lines SET active = false, available = 0, seen_at = now() WHERE user_id = ${userId} AND product_id = ${productId}`
    },

    async remove(userId: string, productId: string): Promise<boolean> {
      return (await sql`DELETE FROM cart_lines WHERE user_id = ${userId} AND product_id = ${productId}`).count > 0
    },

    async empty(userId: string) {
      await sql`DELETE FROM cart_lines WHERE user_id = ${userId}`
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
      return sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtext(${`cart:${userId}`}))`
        const [fresh] =
          await tx`INSERT INTO checked_out_orders (order_id, user_id) VALUES (${orderId}, ${userId}) ON CONFLICT DO NOTHING RETURNING order_id`
        if (!fresh) return false
        for (const { productId, quantity } of bought) {
          const [gone] =
            await tx`DELETE FROM cart_lines WHERE user_id = ${userId} AND product_id = ${productId} AND quantity <= ${quantity} RETURNING 1`
          if (!gone)
            await tx`UPDATE cart_lines SET quantity = quantity - ${quantity}, updated_at = now() WHERE user_id = ${userId} AND product_id = ${productId}`
        }
        return true
      }) as Promise<boolean>
    },
  }
}

export type CartRepo = ReturnType<typeof createCartRepo>
