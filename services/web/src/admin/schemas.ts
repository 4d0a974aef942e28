import * as z from 'zod'
import { order as shopOrder, page } from '../shop/schemas.ts'

// What the back office reads of the services' answers (validated like the shop's).
export const order = shopOrder.extend({
  userId: z.string(),
  customer: z.object({ name: z.string(), email: z.string() }),
})
export type StaffOrder = z.infer<typeof order>
export const orderPage = page(order)

export const orderStats = z.object({
  orders: z.number().int(),
  revenue: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
})

export const movement = z.object({
  id: z.number().int(),
  delta: z.number().int(),
  reason: z.string(),
  actor: z.string(),
  onHandAfter: z.number().int(),
  at: z.string(),
})
export type Movement = z.infer<typeof movement>
export const movementPage = page(movement)

export const promotion = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['percent', 'amount']),
  value: z.number().int(),
  minOrder: z.number().int(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  maxRedemptions: z.number().int().nullable(),
  redemptions: z.number().int(),
  active: z.boolean(),
  subject: z.string(),
  body: z.string(),
  campaign: z.object({
    status: z.enum(['draft', 'sending', 'sent']),
    recipients: z.number().int().nullable(),
    queued: z.number().int(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    delivery: z.object({ sent: z.number().int(), pending: z.number().int(), failed: z.number().int() }).optional(),
  }),
})
export type Promotion = z.infer<typeof promotion>
export const promotionPage = page(promotion)

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
export const userPage = page(user)

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

export const preview = z.object({ subject: z.string(), text: z.string(), html: z.string() })
