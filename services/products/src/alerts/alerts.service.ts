import { AppError, contactOf, type Principal } from '@shopfront/kit'
import { productView } from '../catalog/product-view.ts'
import type { ProductsRepo } from '../catalog/products.repo.ts'
import { alertCodes } from '../contract.ts'
import type { AlertsRepo } from './alerts.repo.ts'

/**
 * "Tell me when it is back", for a signed-in shopper: an alert for a product sold out (one
 * that can be bought now is refused: buy it instead), seen, listed and stopped; e-mailed
 * to the address their token carries (back-in-stock.ts sends it).
 */
export function createAlertsService({
  alerts,
  products,
}: {
  alerts: AlertsRepo
  products: Pick<ProductsRepo, 'mustGet'>
}) {
  async function find(productId: string, userId: string) {
    const alert = await alerts.find(productId, userId)
    if (!alert) throw new AppError('not_found', 'You are not waiting for this product.')
    return alert
  }

  return {
    find,
    mine: (userId: string, paging: { page: number; limit: number }) => alerts.mine(userId, paging),

    async watch(productId: string, shopper: Principal) {
      const contact = contactOf(shopper)
      if (!contact) throw new AppError('unauthorized', 'Sign in again: this session does not say where to write to.')
      const { available } = productView(await products.mustGet(productId))
      if (available > 0)
        throw new AppError('conflict', `It is in stock: ${available} can be bought now.`, {
          code: alertCodes.inStock,
          available,
        })
      await alerts.watch(productId, { userId: shopper.id, ...contact })
      return find(productId, shopper.id)
    },

    /** For staff: how many wait for a product (sold or not; an unknown one is a 404). */
    async waitingFor(productId: string) {
      await products.mustGet(productId, { includeInactive: true })
      return alerts.waitingFor(productId)
    },

    /** For staff: the products most waited for. */
    demand: async (limit: number) => ({ items: await alerts.demand(limit) }),

    stop: (productId: string, userId: string) => alerts.unwatch(productId, userId),
    forgetUser: (userId: string) => alerts.forgetUser(userId),
  }
}

export type AlertsService = ReturnType<typeof createAlertsService>
