/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import type { PageProps, Render } from '../layout/render.tsx'
import type { SessionsRepo } from '../session/sessions.repo.ts'
import { userSession, type Sessions, type WebContext, type WebEnv } from '../session/session.ts'
import type { Cart, DeliveryTerms } from '../shop/schemas.ts'
import { boughtAgainNotice } from './buy-again.ts'
import { CartPage, type Pricing } from './cart-page.tsx'
import type { CartOwner, Shop } from '../shop/shop.ts'
import { checkForm, readForm } from '../forms.ts'
import { forgetPromo, pricingOf, promoCode, promoOf, rememberPromo, unpriced } from './promo.ts'

const addForm = z.object({ productId: z.uuid(), quantity: z.coerce.number().int().min(1).max(1000).default(1) })
const lineForm = z.object({
  quantity: z.coerce.number().int().min(0).max(1000).optional(),
  action: z.enum(['update', 'remove']).default('update'),
  // a line changed from the checkout page (what a refused checkout offers) goes back there
  next: z.literal('/checkout').optional(),
})

const emptyCart: Cart = { items: [], subtotal: 0, currency: 'USD', stale: false }

/** How many items a cart holds (the header's count). */
export const itemCount = (cart: Cart) => cart.items.reduce((n, i) => n + i.quantity, 0)

/** Whose cart this browser sees: the signed-in user's, the guest's, or none yet. */
export function cartOwner(c: WebContext): CartOwner | undefined {
  const user = userSession(c)
  if (user) return { accessToken: user.accessToken }
  const session = c.get('session')
  return session && { guestId: session.guestId }
}

/** The cart page and its forms: add, change a quantity (0 removes), remove. */
export function cartRoutes({
  shop,
  render,
  sessions,
  repo,
  delivery,
  secureCookie,
}: {
  shop: Shop
  render: Render
  sessions: Sessions
  repo: SessionsRepo
  /** What delivery costs, said to guests (a signed-in shopper's quote says it for their cart); cached. */
  delivery: () => Promise<DeliveryTerms | undefined>
  secureCookie: () => boolean
}) {
  const app = new Hono<WebEnv>()

  /** The header's count follows every change made here. */
  const remember = async (c: WebContext, cart: Cart) => {
    const session = c.get('session')
    const count = itemCount(cart)
    if (session && session.cartCount !== count) {
      await repo.setCartCount(session.idHash, count)
      session.cartCount = count
    }
    return cart
  }

  /**
   * What the cart costs with delivery and the code the browser carries, when it has lines; not
   * asked while the catalogue is away (sales could not price it either: the code stays, unpriced).
   */
  const pricing = async (c: WebContext, cart: Cart): Promise<Pricing | undefined> => {
    if (cart.items.length === 0) return undefined
    const code = promoOf(c)
    if (cart.stale) return code ? { code, note: unpriced } : undefined
    return pricingOf(shop, userSession(c)?.accessToken, code)
  }

  const page = async (c: WebContext, notice?: PageProps['notice'], status = 200, promoError?: string) => {
    const owner = cartOwner(c)
    const cart = owner ? await remember(c, await shop.cart(owner)) : emptyCart
    const priced = await pricing(c, cart)
    return render(
      c,
      { title: 'Your cart', notice },
      <CartPage
        cart={cart}
        signedIn={!!c.get('session')?.user}
        pricing={priced}
        terms={priced?.quote || cart.items.length === 0 ? undefined : await delivery()}
        promoError={promoError}
      />,
      status,
    )
  }

  /** A refused change (not enough stock, cart full, no longer sold) is said on the cart page, and nothing changed. */
  const refused = async (c: WebContext, err: unknown) => {
    if (err instanceof AppError && err.status < 500) return page(c, { kind: 'alert', text: err.detail }, err.status)
    throw err
  }

  app.get('/', (c) => page(c, boughtAgainNotice(c)))

  app.post('/items', async (c) => {
    const { productId, quantity } = await readForm(c, addForm)
    await sessions.ensure(c)
    const owner = cartOwner(c)
    if (!owner) throw new AppError('unavailable', 'Your session could not be started; try again.', { retryAfter: 1 })
    try {
      await remember(c, await shop.addToCart(owner, productId, quantity))
    } catch (err) {
      return refused(c, err)
    }
    return c.redirect(`/products/${productId}?added=1`, 303)
  })

  app.post('/items/:productId', async (c) => {
    const productId = z.uuid().safeParse(c.req.param('productId'))
    const owner = cartOwner(c)
    if (!productId.success || !owner) throw new AppError('not_found', 'That product is not in your cart.')
    const { quantity, action, next } = await readForm(c, lineForm)
    try {
      if (action === 'remove' || quantity === 0) await shop.removeFromCart(owner, productId.data)
      else if (quantity !== undefined) await shop.setQuantity(owner, productId.data, quantity)
    } catch (err) {
      return refused(c, err)
    }
    if (!next) return c.redirect('/cart', 303)
    // the cart page counts the cart for the header; the checkout page does not
    await remember(c, await shop.cart(owner))
    return c.redirect(next, 303)
  })

  // a promotion code for this browser's checkout: applied (its discount shown above), or removed
  app.post('/promo', async (c) => {
    const { action } = await readForm(
      c,
      z.object({ action: z.enum(['apply', 'remove']), promoCode: z.string().max(100) }),
    )
    if (action === 'remove') {
      forgetPromo(c)
      return c.redirect('/cart', 303)
    }
    const form = await checkForm(c, z.object({ promoCode }))
    if (form.errors) return page(c, undefined, 400, form.errors.promoCode)
    rememberPromo(c, form.data.promoCode, secureCookie())
    return c.redirect('/cart', 303)
  })

  return app
}
