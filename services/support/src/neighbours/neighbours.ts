import { AppError, type ServiceClient } from '@shopfront/kit'
import { orderFacts } from '@shopfront/sales/contract'
import { type Contact as UserContact, readContact } from '@shopfront/users/contract'

/** What support reads of a user: users' contact (its contract), the part a ticket needs. */
export type Contact = Pick<UserContact, 'id' | 'email' | 'name' | 'roles'>

export interface OrderFacts {
  id: string
  number: string
  userId: string
  status: string
  deliveredAt: string | null
  /** Each item: how many were bought, how many came back already. */
  items: { productId: string; name: string; quantity: number; returned: number }[]
}

/** Some items of an order, for a refund of those only, once per key. */
export interface RefundPart {
  key: string
  items: { productId: string; quantity: number }[]
}

/** What support asks of users and sales (with its service identity); the seam unit tests replace. */
export interface Neighbours {
  /** A user's e-mail, name and roles; a 404 AppError when there is no such user. */
  contact(userId: string): Promise<Contact>
  /** An order's owner and status; a 404 AppError when there is no such order. */
  order(orderId: string): Promise<OrderFacts>
  /** Refunds a delivered order (idempotent at sales): whole, or with `part` those items, once per its key. */
  refund(orderId: string, reason: string, part?: RefundPart): Promise<void>
}

/** users and sales over HTTP, through the kit's client (discovery, breaker, timeout, retries), decoded with their contracts. */
export function neighboursOverHttp(client: (service: string) => ServiceClient): Neighbours {
  const users = client('users')
  const sales = client('sales')
  return {
    async contact(userId) {
      const { id, email, name, roles } = await readContact(users, userId)
      return { id, email, name, roles }
    },
    async order(orderId) {
      const { id, number, userId, status, deliveredAt, items } = await sales.get(
        `/internal/orders/${encodeURIComponent(orderId)}`,
        { schema: orderFacts },
      )
      return { id, number, userId, status, deliveredAt, items }
    },
    async refund(orderId, reason, part) {
      await sales.post(`/internal/orders/${encodeURIComponent(orderId)}/refund`, {
        body: { reason, ...part },
        idempotent: true,
      })
    },
  }
}

/**
 * A neighbour's failure as the customer or agent hears it: one that may pass (the neighbour
 * unreachable, its breaker open) is a 503 saying what could not be done and to try again;
 * anything else is thrown as it is.
 */
export function unreachable(err: unknown, sentence: string): never {
  if (err instanceof AppError && err.retryable) throw new AppError('unavailable', sentence, { retryAfter: 5 })
  throw err
}
