import { AppError, type ServiceClient } from '@shopfront/kit'
import { type OrderPage, orderPage } from '@shopfront/sales/contract'

/** What users asks of its neighbours: sales, for a user's purchase history. */
export interface Neighbours {
  /** A page of the user's orders, newest first; a retryable 503 while sales cannot answer. */
  purchases(userId: string, page: { page: number; limit: number }): Promise<OrderPage>
}

/** The neighbours over HTTP, through the kit's client, decoded with sales' contract. */
export function neighboursOverHttp(sales: ServiceClient): Neighbours {
  return {
    purchases: (userId, query) =>
      sales.get(`/internal/users/${encodeURIComponent(userId)}/orders`, {
        query,
        schema: orderPage,
        fallback: () => {
          throw new AppError('unavailable', 'The purchase history is temporarily unavailable; try again in a moment.', {
            retryAfter: 5,
          })
        },
      }),
  }
}
