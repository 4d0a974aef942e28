import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import type { PageProps } from '../layout/render.tsx'
import type { WebContext } from '../session/session.ts'
import { notEnough, type Order } from '../shop/schemas.ts'
import type { CartOwner, Shop } from '../shop/shop.ts'

/** How an order's lines went into the cart again: whole, fewer (not enough in stock), or left out. */
export type BoughtAgain = { whole: number; fewer: number; missing: number }

/**
 * Puts an order's lines in the cart again, each as far as it goes: the quantity ordered, else
 * what is available beside what the cart already holds, else none (no longer sold, sold out,
 * the cart full). A service that cannot answer stops it; what was added stays, as the
 * shopper's own adds would.
 */
export async function buyAgain(shop: Shop, owner: CartOwner, order: Pick<Order, 'items'>): Promise<BoughtAgain> {
  const inCart = new Map((await shop.cart(owner)).items.map((line) => [line.productId, line.quantity]))
  const outcome = { whole: 0, fewer: 0, missing: 0 }
  for (const { productId, quantity } of order.items) {
    const went = await shop.addToCart(owner, productId, quantity).then(
      () => 'whole' as const,
      async (err) => {
        if (!(err instanceof AppError) || err.status >= 500) throw err
        const short = notEnough.safeParse(err.status === 409 ? err.extras : undefined)
        const room = short.success ? short.data.available - (inCart.get(productId) ?? 0) : 0
        if (room <= 0) return 'missing' as const
        await shop.addToCart(owner, productId, room)
        return 'fewer' as const
      },
    )
    outcome[went]++
  }
  return outcome
}

const count = z.coerce.number().int().min(0).max(1000).catch(0)
const boughtAgainQuery = z.object({ again: z.string().regex(/^SF-\d{1,12}$/), fewer: count, missing: count })

/** The cart page's word on an order bought again (`?again=SF-1001&fewer=1&missing=0`), if that is how it was reached. */
export function boughtAgainNotice(c: WebContext): PageProps['notice'] {
  const query = boughtAgainQuery.safeParse(c.req.query())
  if (!query.success) return undefined
  const { again, fewer, missing } = query.data
  const lines = (n: number) => (n === 1 ? '1 product' : `${n} products`)
  const short = [
    fewer > 0 && `${lines(fewer)} fewer than ordered (not enough in stock)`,
    missing > 0 && `${lines(missing)} left out (no longer sold or sold out)`,
  ].filter(Boolean)
  const fromQuery = ['again', 'fewer', 'missing']
  return short.length === 0
    ? { kind: 'ok', text: `Order ${again}'s products are in your cart.`, fromQuery }
    : {
        kind: 'alert',
        text: `Order ${again}'s products are in your cart as far as they go: ${short.join('; ')}.`,
        fromQuery,
      }
}
