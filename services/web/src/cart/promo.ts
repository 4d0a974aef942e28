import { promoCode } from '@shopfront/sales/contract'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { WebContext } from '../session/session.ts'

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
