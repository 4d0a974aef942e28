import type { CardRating } from '../layout/parts.tsx'
import { type Shop, unlessDown } from '../shop/shop.ts'

/** At most this many products' ratings are kept (a catalog's worth); past it the oldest go first. */
const most = 5000

/**
 * The stars of a grid's products, for their cards: each product's ratings kept `ttlMs` (a
 * minute), so a page of cards asks sales once, for those it does not know yet, and a busy
 * page mostly not at all. While sales cannot answer, the cards show no stars.
 *
 * @example
 *   const ratings = cardRatings(shop)
 *   const stars = await ratings(found.items.map((p) => p.id))   // Map of product id to rating
 */
export function cardRatings(shop: Pick<Shop, 'ratings'>, ttlMs = 60_000, now = Date.now) {
  const known = new Map<string, { rating: CardRating; at: number }>()
  return async (productIds: string[]): Promise<Map<string, CardRating>> => {
    const at = now()
    const stale = productIds.filter((id) => {
      const kept = known.get(id)
      return !kept || at - kept.at >= ttlMs
    })
    for (const { productId, count, average } of (await unlessDown(shop.ratings([...new Set(stale)]))) ?? []) {
      known.delete(productId)
      known.set(productId, { rating: { count, average }, at })
    }
    for (const oldest of known.keys()) {
      if (known.size <= most) break
      known.delete(oldest)
    }
    const rated = new Map<string, CardRating>()
    for (const id of productIds) {
      const kept = known.get(id)
      if (kept) rated.set(id, kept.rating)
    }
    return rated
  }
}

export type CardRatings = ReturnType<typeof cardRatings>
