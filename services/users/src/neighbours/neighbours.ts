import { AppError, type ServiceClient } from '@shopfront/kit'
import { type OrderPage, orderPage } from '@shopfront/sales/contract'

/** What users asks of its neighbours: sales, for a user's purchase history; sales, cart, support and products, to forget a deleted account. */
export interface Neighbours {
  /** A page of the user's orders, newest first; a retryable 503 while sales cannot answer. */
  purchases(userId: string, page: { page: number; limit: number }): Promise<OrderPage>
  /**
   * A deleted account's copies gone: its cart at cart, the contact sales remembers for
   * checkouts and the reviews it shows, the address support writes to about its tickets,
   * its back-in-stock alerts at products. Fails while one cannot answer.
   */
  forget(userId: string): Promise<void>
}

/** The neighbours over HTTP, through the kit's client, decoded with sales' contract. */
export function neighboursOverHttp({
  sales,
  cart,
  support,
  products,
}: {
  sales: ServiceClient
  cart: ServiceClient
  support: ServiceClient
  products: ServiceClient
}): Neighbours {
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
    async forget(userId) {
      await cart.delete(`/internal/carts/${encodeURIComponent(userId)}`)
      await sales.delete(`/internal/users/${encodeURIComponent(userId)}/contact`)
      await sales.delete(`/internal/users/${encodeURIComponent(userId)}/reviews`)
      await support.delete(`/internal/users/${encodeURIComponent(userId)}/contact`)
      await products.delete(`/internal/users/${encodeURIComponent(userId)}/stock-alerts`)
    },
  }
}
