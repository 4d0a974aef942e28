import { AppError } from '@shopfront/kit'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { PricedLine } from '../orders/orders.repo.ts'
import type { PromotionsRepo } from '../promotions/promotions.repo.ts'
import type { SalesSettings } from '../settings.ts'

/**
 * What a cart costs: its lines priced from the catalog (never from the client), then the
 * promotion code's discount, then delivery (`checkout.shipping`: a flat fee, none once the
 * goods after the discount reach `freeFrom`, or with a free-delivery code). Nothing is
 * written; checkout and its quote both price this way.
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
    const { currency, shipping: delivery } = settings().checkout
    const subtotal = priced.reduce((sum, l) => sum + l.lineTotal, 0)
    const quote = promoCode ? await promotions.quote(promoCode, userId, subtotal, currency) : undefined
    const discount = quote?.discount ?? 0
    const goods = subtotal - discount
    const free = quote?.promotion.kind === 'shipping' || (delivery.freeFrom !== null && goods >= delivery.freeFrom)
    const shipping = free ? 0 : delivery.fee
    return { currency, subtotal, discount, shipping, total: goods + shipping, promotion: quote?.promotion }
  }

  /** What checkout would charge for the cart now, with a promotion code, and from what goods' total delivery is free. */
  async function quote(userId: string, promoCode?: string) {
    const { currency, subtotal, discount, shipping, total } = await totals(userId, await lines(userId), promoCode)
    const { fee, freeFrom } = settings().checkout.shipping
    const freeShippingFrom = fee > 0 ? freeFrom : null
    return { promoCode: promoCode ?? null, subtotal, discount, shipping, freeShippingFrom, total, currency }
  }

  return { lines, totals, quote }
}

export type Pricing = ReturnType<typeof createPricing>
