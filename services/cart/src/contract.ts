import * as z from 'zod'

/**
 * What the cart answers and accepts: its OpenAPI document states these, its routes read
 * with them, and its clients (the web app, sales) decode with them, so none can drift.
 */
export const cartLineStatuses = ['ok', 'inactive', 'short'] as const

/** A cart, priced from the catalog; `stale` when the catalog could not be asked and the last prices seen are shown. */
export const cart = z.object({
  items: z.array(
    z.object({
      productId: z.uuid(),
      name: z.string(),
      unitPrice: z.number().int(),
      quantity: z.number().int(),
      lineTotal: z.number().int(),
      available: z.number().int(),
      status: z.enum(cartLineStatuses),
    }),
  ),
  subtotal: z.number().int(),
  currency: z.string(),
  stale: z.boolean(),
})
export type Cart = z.infer<typeof cart>

/** A line refused for want of stock (409): the product, and how many there are. */
export const notEnough = z.object({ productId: z.uuid(), available: z.number().int() })

/** A guest cart merged into a user's: how many lines moved, how many could not (limits). */
export const merged = z.object({ merged: z.number().int(), skipped: z.number().int() })

/** What sales sends once an order is paid: its lines leave the cart, once per order. */
export const checkedOutBody = z.object({
  orderId: z.uuid(),
  lines: z
    .array(z.object({ productId: z.string().min(1).max(100), quantity: z.number().int().min(1).max(10_000) }))
    .min(1)
    .max(500),
})
export type CheckedOut = z.infer<typeof checkedOutBody>
