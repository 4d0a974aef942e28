/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, type Logger } from '@shopfront/kit'
import { CartTotals, deliveryNote, type Pricing } from '../cart/cart-page.tsx'
import { forgetPromo, pricingOf, promoCode, promoOf } from '../cart/promo.ts'
import { cartOwner } from '../cart/cart.routes.tsx'
import { checkForm, type FormState, freshForm } from '../forms.ts'
import { AddressFields, Field, fieldsOf } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { money } from '../layout/parts.tsx'
import type { Render } from '../layout/render.tsx'
import type { SessionsRepo } from '../session/sessions.repo.ts'
import { signedInSession, signInFirst, type WebContext, type WebEnv } from '../session/session.ts'
import { type Address, type Cart, checkoutRefusal } from '../shop/schemas.ts'
import { type Shop, unlessDown } from '../shop/shop.ts'

const checkoutForm = z.object({
  idempotencyKey: z.uuid(),
  line1: z.string().trim().min(1, 'the street and number').max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1, 'the city').max(100),
  postalCode: z.string().trim().min(1, 'the postal code').max(20),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. US'),
  saveAddress: z.literal('1').optional(),
  cardNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'the 12 to 19 digits on the card')),
  expiry: z
    .string()
    .trim()
    .regex(/^(0[1-9]|1[0-2])\s*\/\s*(\d{2}|\d{4})$/, 'month and year, e.g. 12/29'),
  cvc: z
    .string()
    .trim()
    .regex(/^\d{3,4}$/, 'the 3 or 4 digits on the back'),
  promoCode: z
    .string()
    .trim()
    .pipe(z.union([z.literal(''), promoCode]))
    .optional(),
})

/** Said on the checkout page when the saved address cannot be read (users cannot answer). */
const addressUnread = 'Your saved address cannot be read right now: type it below, and the order goes through as usual.'

/** The checkout page (address, the card, a promotion code) and placing the order. */
export function checkoutRoutes({
  shop,
  render,
  repo,
  logger,
}: {
  shop: Shop
  render: Render
  repo: SessionsRepo
  logger: Logger
}) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)

  const page = async (c: WebContext, form: FormState, refused?: RefusedLine) => {
    const owner = cartOwner(c)
    if (!owner) return c.redirect('/cart', 303)
    const cart = await shop.cart(owner)
    if (cart.items.length === 0) return c.redirect('/cart', 303)
    // what it costs with delivery and the code the form carries (from the cart, or as typed), as the cart shows it
    const code = promoCode.safeParse(form.values.promoCode ?? '').data
    const pricing = await pricingOf(shop, signedInSession(c).accessToken, code)
    const body = <CheckoutPage cart={cart} form={form} refused={refused} pricing={pricing} />
    return render(c, { title: 'Checkout', notice: form.notice }, body, form.status)
  }

  app.get('/', async (c) => {
    const session = signedInSession(c)
    // the saved address only fills the form in: while users cannot answer, the shopper types it (sales can still take the order)
    const me = await unlessDown(shop.me(session.accessToken))
    const values = {
      ...addressValues(me?.shippingAddress ?? undefined),
      promoCode: promoOf(c) ?? '',
      idempotencyKey: crypto.randomUUID(),
    }
    return page(c, freshForm(values, me ? undefined : { kind: 'alert', text: addressUnread }))
  })

  app.post('/', async (c) => {
    const session = signedInSession(c)
    const form = await checkForm(c, checkoutForm)
    if (form.errors) {
      const idempotencyKey = form.values.idempotencyKey || crypto.randomUUID()
      return page(c, { values: { ...form.values, idempotencyKey }, errors: form.errors, status: 400 })
    }
    const f = form.data
    const [month = 0, year = 0] = f.expiry.split('/').map((part) => Number(part.trim()))
    const address = {
      line1: f.line1,
      ...(f.line2 ? { line2: f.line2 } : {}),
      city: f.city,
      postalCode: f.postalCode,
      country: f.country,
    }
    try {
      const order = await shop.checkout(session.accessToken, f.idempotencyKey, {
        payment: {
          cardNumber: f.cardNumber,
          expMonth: month,
          expYear: year < 100 ? 2000 + year : year,
          cvc: f.cvc,
        },
        shippingAddress: address,
        ...(f.promoCode ? { promoCode: f.promoCode } : {}),
      })
      await repo.setCartCount(session.idHash, 0)
      // the order is placed either way: an address that cannot be saved now is only logged
      if (f.saveAddress)
        await shop.updateMe(session.accessToken, { shippingAddress: address }).catch((err) => {
          logger.warn('shipping address not saved to the profile after checkout', { error: String(err) })
        })
      if (f.promoCode) forgetPromo(c)
      return c.redirect(`/orders/${order.id}?placed=1`, 303)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      // never the card's digits back into the page
      const values = { ...form.values, cardNumber: '', cvc: '' }
      if (err.status >= 500)
        // the outcome is unknown: the same key again, so a retry can never charge twice
        return page(c, { values, errors: {}, notice: { kind: 'alert', text: unavailable(err) }, status: 503 })
      // a definite no (declined, out of stock, a bad code): the next attempt is a new one
      const again = { ...values, idempotencyKey: crypto.randomUUID() }
      const notice = { kind: 'alert' as const, text: refusal(err) }
      return page(c, { values: again, errors: {}, notice, status: err.status }, refusedLineOf(err))
    }
  })

  return app
}

function unavailable(err: AppError) {
  return err.type === 'timeout'
    ? 'The payment is taking longer than usual. Wait a moment, then place the order again: you will not be charged twice.'
    : 'Checkout is unavailable right now. Your cart is kept; try again in a minute (you will not be charged twice).'
}

function refusal(err: AppError) {
  if (err.status === 402) return `Your card was not accepted: ${err.detail} Try another card.`
  if (err.status === 409) return `${err.detail} Change your cart, then try again.`
  return err.detail
}

/** The cart line a refused checkout names (sales' contract), with what can be done about it. */
type RefusedLine = { productId: string; reason: string; available: number }

function refusedLineOf(err: AppError): RefusedLine | undefined {
  const refused = checkoutRefusal.safeParse(err.extras)
  if (err.status !== 409 || !refused.success || !refused.data.productId) return undefined
  const { productId, reason, available = 0 } = refused.data
  return { productId, reason, available }
}

/** What the checkout page offers for a refused line: what to say, and the quantity its button sets (0 takes it out). */
function fixOf(item: Cart['items'][number], { reason, available }: RefusedLine) {
  const remove = { quantity: 0, action: `Remove ${item.name}` }
  if (reason === 'out_of_stock' && available > 0)
    return { note: `Only ${available} available.`, quantity: available, action: `Buy ${available} instead` }
  if (reason === 'out_of_stock') return { note: 'None available now.', ...remove }
  return { note: reason === 'no_longer_sold' ? 'No longer sold.' : 'It cannot be bought now.', ...remove }
}

/** The refused line's fix, one click from the checkout page: buy what there is, or take it out. */
function RefusedLineFix({ item, refused }: { item: Cart['items'][number]; refused: RefusedLine }) {
  const { note, quantity, action } = fixOf(item, refused)
  return (
    <form class="stale" method="post" action={`/cart/items/${item.productId}`}>
      <CsrfField />
      <input type="hidden" name="quantity" value={String(quantity)} />
      <input type="hidden" name="next" value="/checkout" />
      {`${note} `}
      <button type="submit" class="link">
        {action}
      </button>
    </form>
  )
}

const addressValues = (a?: Address): Record<string, string> =>
  a ? { line1: a.line1, line2: a.line2 ?? '', city: a.city, postalCode: a.postalCode, country: a.country } : {}

function CheckoutPage({
  cart,
  form,
  refused,
  pricing,
}: {
  cart: Cart
  form: FormState
  refused?: RefusedLine | undefined
  pricing: Pricing
}) {
  const on = fieldsOf(form)
  return (
    <>
      <h1>Checkout</h1>
      <div class="product">
        <form class="form wide" method="post" action="/checkout" data-once novalidate>
          <CsrfField />
          <input type="hidden" name="idempotencyKey" value={form.values.idempotencyKey} />
          <div class="panel">
            <AddressFields form={form} required />
            <label class="check">
              <input type="checkbox" name="saveAddress" value="1" checked={form.values.saveAddress === '1'} /> Save this
              address to my profile for next time
            </label>
          </div>
          <fieldset class="panel">
            <legend>Payment</legend>
            <p class="muted">Sandbox: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined.</p>
            <Field {...on('cardNumber')} label="Card number" inputmode="numeric" autocomplete="cc-number" required />
            <div class="row">
              <Field {...on('expiry')} label="Expiry (MM/YY)" autocomplete="cc-exp" required />
              <Field
                {...on('cvc')}
                label="Security code"
                inputmode="numeric"
                autocomplete="cc-csc"
                maxlength={4}
                required
              />
            </div>
          </fieldset>
          <Field {...on('promoCode')} label="Promotion code (optional)" />
          <div>
            <button type="submit" data-busy="Placing your order…">
              {pricing.quote ? `Place order · ${money(pricing.quote.total, pricing.quote.currency)}` : 'Place order'}
            </button>
          </div>
        </form>
        <aside class="panel" aria-labelledby="summary">
          <h2 id="summary">Your order</h2>
          <ul class="history">
            {cart.items.map((i) => (
              <li>
                {`${i.quantity} × ${i.name} · ${money(i.lineTotal, cart.currency)}`}
                {refused?.productId === i.productId && <RefusedLineFix item={i} refused={refused} />}
              </li>
            ))}
          </ul>
          <CartTotals cart={cart} pricing={pricing} />
          {pricing.refused && <p class="error">{pricing.refused}</p>}
          <p class="muted">
            {pricing.note ??
              (pricing.quote
                ? deliveryNote(pricing)
                : "Delivery and a promotion code's discount are added when the order is placed.")}
          </p>
        </aside>
      </div>
    </>
  )
}
