import { AppError } from '@shopfront/kit'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { PricedLine } from '../orders/orders.repo.ts'
import type { PromotionsRepo } from '../promotions/promotions.repo.ts'
import type { SalesSettings } from '../settings.ts'

/**
 * What a cart costs: its lines priced from the catalog (never from the client), then the
 * promotion code's discount. Nothing is written; checkout and its quote both price this way.
 */
export function createPricing({
  neighbours,
  promotions,
  settings,
}: {
  neighbours: Neighbours
  promotions: PromotionsRepo
  settings: () => SalesSettings
}) {
  /** The user's cart priced from the catalog; a line that cannot be bought is a 409 naming it. */
  async function lines(userId: string): Promise<PricedLine[]> {
    const { currency } = settings().checkout
    const cart = await neighbours.cartLines(userId)
    if (cart.length === 0) throw new AppError('unprocessable', 'Your cart is empty.')
    const catalog = new Map((await neighbours.products(cart.map((l) => l.productId))).map((p) => [p.id, p]))
    return cart.map(({ productId, quantity }) => {
      const p = catalog.get(productId)
      if (!p?.active)
        throw new AppError(
          'conflict',
          `${p?.name ?? `Product ${productId}`} is no longer sold; remove it from your cart.`,
          { reason: 'no_longer_sold', productId },
        )
      if (p.currency !== currency)
        throw new AppError('conflict', `${p.name} is priced in ${p.currency}; this shop sells in ${currency}.`, {
          reason: 'wrong_currency',
          productId,
        })
      return {
        productId,
        sku: p.sku,
        name: p.name,
        unitPrice: p.unitPrice,
        quantity,
        lineTotal: p.unitPrice * quantity,
      }
    })
  }

  /** The priced lines' totals with a promotion code (a 422 saying why a code does not apply). */
  async function totals(userId: string, priced: PricedLine[], promoCode?: string) {
    const { currency } = settings().checkout
    const subtotal = priced.reduce((sum, l) => sum + l.lineTotal, 0)
    const quote = promoCode ? await promotions.quote(promoCode, userId, subtotal, currency) : undefined
    const discount = quote?.discount ?? 0
    return { currency, subtotal, discount, total: subtotal - discount, promotion: quote?.promotion }
  }

  /** What checkout would charge for the cart now, with a promotion code. */
  async function quote(userId: string, promoCode?: string) {
    const { currency, subtotal, discount, total } = await totals(userId, await lines(userId), promoCode)
    return { promoCode: promoCode ?? null, subtotal, discount, total, currency }
  }

  return { lines, totals, quote }
}

export type Pricing = ReturnType<typeof createPricing>
