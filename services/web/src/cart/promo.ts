import { AppError } from '@shopfront/kit'
import { promoCode } from '@shopfront/sales/contract'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { WebContext } from '../session/session.ts'
import type { Shop } from '../shop/shop.ts'
import type { Promotion } from './cart-page.tsx'

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

/**
 * What a code does to the signed-in shopper's cart, as sales quotes it (the cart and checkout
 * show the same): its discount, why sales refuses it, or, for a guest or while sales cannot
 * answer, why it is not shown yet.
 */
export async function promotionOf(
  shop: Pick<Shop, 'quote'>,
  accessToken: string | undefined,
  code: string,
): Promise<Promotion> {
  if (!accessToken) return { code, note: 'Sign in to see what it takes off; it is applied at checkout.' }
  try {
    return { code, quote: await shop.quote(accessToken, code) }
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    if (err.status >= 500)
      return { code, note: 'Its discount cannot be worked out right now; it is applied at checkout.' }
    return { code, refused: err.detail }
  }
}
