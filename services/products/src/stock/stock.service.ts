import { productView } from '../catalog/product-view.ts'
import type { ProductsRepo } from '../catalog/products.repo.ts'
import type { ReservationLine, ReservationsRepo } from './reservations.repo.ts'
import type { ReturnsRepo } from './returns.repo.ts'

/**
 * Stock for the other services: the catalog's current prices and availability for carts
 * and checkouts, and sales' reservations. A reservation holds for the settings' time unless
 * the caller asks for another; taking every line or none, under row locks, is the
 * reservations repository's one transaction.
 */
export function createStockService({
  products,
  reservations,
  returns,
  ttlSeconds,
}: {
  products: Pick<ProductsRepo, 'lookup'>
  reservations: ReservationsRepo
  returns: ReturnsRepo
  /** How long a reservation holds by default (live settings). */
  ttlSeconds: () => number
}) {
  return {
    /** Each product asked for once, as the API shows it; unknown ids are left out. */
    lookup: async (ids: string[]) => (await products.lookup([...new Set(ids)])).map(productView),
    reserve: (orderId: string, lines: ReservationLine[], ttl?: number) =>
      reservations.reserve(orderId, lines, ttl ?? ttlSeconds()),
    get: (orderId: string) => reservations.get(orderId),
    commit: (orderId: string) => reservations.commit(orderId),
    release: (orderId: string) => reservations.release(orderId),
    /** Committed stock back on hand: all that is still out (a cancelled or returned order), or, under a key, part of it. */
    returnStock: (orderId: string, part?: { key: string; lines: ReservationLine[] }) =>
      part ? returns.returnPart(orderId, part.key, part.lines) : returns.returnStock(orderId),
  }
}

export type StockService = ReturnType<typeof createStockService>
