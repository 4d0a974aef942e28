import { AppError } from '@shopfront/kit'
import { promoCode } from '@shopfront/sales/contract'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { WebContext } from '../session/session.ts'
import type { Shop } from '../shop/shop.ts'
import type { Pricing } from './cart-page.tsx'

/** The cookie that carries the shopper's promotion code (from an e-mail's link or the cart) to checkout. */
export const promoCookie = 'sf_promo'

/** A promotion code as sales reads it (its contract's rule). */
export { promoCode }

/** The code this browser carries, if a well-formed one. */
export const promoOf = (c: WebContext) => promoCode.safeParse(getCookie(c, promoCookie) ?? '').data

/** Remembers the code for 30 days (httpOnly: no script reads it). */
export function rememberPromo(c: WebContext, code: string, secure: boolean) {
  setCookie(c, promoCookie, code, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: 30 * 86_400 })
}

/** Forgets the code (removed from the cart, or used by an order). */
export const forgetPromo = (c: WebContext) => deleteCookie(c, promoCookie, { path: '/' })

/** What the cart says of a code while sales cannot price the cart. */
export const unpriced = 'Its discount cannot be worked out right now; it is applied at checkout.'

/**
 * What the signed-in shopper's cart costs, as sales quotes it (the cart and checkout show
 * the same): delivery, and with a code its discount or why sales refuses it (then the cart
 * as it costs without it). For a guest, or while sales cannot answer, no quote: only why
 * the code's discount is not shown yet. A cart sales will not price (a line no longer sold)
 * has no quote either; checking out names the line.
 */
export async function pricingOf(
  shop: Pick<Shop, 'quote'>,
  accessToken: string | undefined,
  code?: string,
): Promise<Pricing> {
  if (!accessToken) return code ? { code, note: 'Sign in to see what it takes off; it is applied at checkout.' } : {}
  try {
    return { code, quote: await shop.quote(accessToken, code) }
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    if (err.status >= 500) return code ? { code, note: unpriced } : {}
    if (!code) return {}
    return { ...(await pricingOf(shop, accessToken)), code, refused: err.detail }
  }
}
