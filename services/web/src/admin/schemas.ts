import * as z from 'zod'
import { pageOf } from '@shopfront/kit'
import { order as shopOrder } from '../shop/schemas.ts'

export {
  mailPreview as preview,
  orderStats,
  type Promotion,
  promotion,
  promotionPage,
} from '@shopfront/sales/contract'

// What the back office reads of the services' answers (validated like the shop's).
export const order = shopOrder.extend({
  userId: z.string(),
  customer: z.object({ name: z.string(), email: z.string() }),
})
export type StaffOrder = z.infer<typeof order>
export const orderPage = pageOf(order)

export {
  type StockMovement as Movement,
  stockMovement as movement,
  stockMovementPage as movementPage,
} from '@shopfront/products/contract'

export const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  roles: z.array(z.string()),
  emailVerified: z.boolean(),
  disabled: z.boolean(),
  marketingOptIn: z.boolean(),
  createdAt: z.string(),
})
export type User = z.infer<typeof user>
export const userPage = pageOf(user)

export const servicesHealth = z.object({
  status: z.enum(['up', 'degraded']),
  services: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['up', 'down']),
      passing: z.number().int(),
      instances: z.array(z.object({ id: z.string(), address: z.string(), status: z.string() })),
    }),
  ),
})
export type ServicesHealth = z.infer<typeof servicesHealth>

export const readiness = z.object({
  mailOutbox: z.object({ pending: z.number().int(), dead: z.number().int() }).optional(),
})

export const reservation = z.object({
  orderId: z.string(),
  quantity: z.number().int(),
  expiresAt: z.string(),
  createdAt: z.string(),
})
export type Reservation = z.infer<typeof reservation>
export const reservations = z.object({ items: z.array(reservation) })
