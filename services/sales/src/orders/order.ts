import type { Address } from '../neighbours/neighbours.ts'
import type { orderLines, orders } from '../db/schema.ts'

/** A line of an order: what was bought, at the price it was bought at (minor units), and how many came back. */
export type OrderLine = Omit<typeof orderLines.$inferSelect, 'orderId'>
/** A line as the checkout prices it, before any of it can come back. */
export type PricedLine = Omit<OrderLine, 'returned'>

/** An order as the services work with it: its row (less the checkout's key and lease) with its lines. */
export type Order = Omit<typeof orders.$inferSelect, 'idempotencyKey' | 'leaseUntil'> & { lines: OrderLine[] }

export interface NewOrder {
  id: string
  userId: string
  email: string
  customerName: string
  currency: string
  subtotal: number
  discount: number
  shipping: number
  total: number
  promotionId?: string
  promoCode?: string
  shippingAddress: Address
  idempotencyKey: string
  requestHash: string
  leaseSeconds: number
  lines: PricedLine[]
}

/** A cancellation or a whole refund under way: to which status, by whom, why. */
export type Claim = { to: 'cancelled' | 'refunded'; by: string; note?: string }
