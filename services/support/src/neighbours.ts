import * as z from 'zod'
import type { ServiceClient } from '@shopfront/kit'

export interface Contact {
  id: string
  email: string
  name: string
  roles: string[]
}

export interface OrderFacts {
  id: string
  number: string
  userId: string
  status: string
  deliveredAt: string | null
}

/** What support asks of users and sales (with its service identity); the seam unit tests replace. */
export interface Neighbours {
  /** A user's e-mail, name and roles; a 404 AppError when there is no such user. */
  contact(userId: string): Promise<Contact>
  /** An order's owner and status; a 404 AppError when there is no such order. */
  order(orderId: string): Promise<OrderFacts>
  /** Refunds a delivered order (idempotent at sales). */
  refund(orderId: string, reason: string): Promise<void>
}

const contact = z.object({ id: z.string(), email: z.string(), name: z.string(), roles: z.array(z.string()) })
const order = z.object({
  id: z.string(),
  number: z.string(),
  userId: z.string(),
  status: z.string(),
  deliveredAt: z.string().nullable(),
})

/** users and sales over HTTP, through the kit's client (discovery, breaker, timeout, retries). */
export function neighboursOverHttp(client: (service: string) => ServiceClient): Neighbours {
  const users = client('users')
  const sales = client('sales')
  return {
    contact: (userId) => users.get(`/internal/users/${encodeURIComponent(userId)}`, { schema: contact }),
    order: (orderId) => sales.get(`/internal/orders/${encodeURIComponent(orderId)}`, { schema: order }),
    async refund(orderId, reason) {
      await sales.post(`/internal/orders/${encodeURIComponent(orderId)}/refund`, {
        body: { reason },
        idempotent: true,
      })
    },
  }
}
