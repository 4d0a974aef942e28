/** @jsxImportSource hono/jsx */
import { CsrfField } from '../layout/layout.tsx'
import { onTo } from '../session/session.ts'
import { money, termsText } from '../layout/parts.tsx'
import type { Cart, DeliveryTerms, Quote } from '../shop/schemas.ts'
import { Field } from '../layout/fields.tsx'
import { Table } from '../layout/table.tsx'

/**
 * What this cart costs as sales quotes it (delivery, and a promotion code's discount), a
 * refusal of the code (why), or a note (why its discount is not shown yet).
 */
export type Pricing = { code?: string | undefined; quote?: Quote | undefined; refused?: string; note?: string }

/** The cart's subtotal, and with a quote its discount, delivery and the total to pay. */
export function CartTotals({ cart, pricing }: { cart: Cart; pricing?: Pricing | undefined }) {
  const quote = pricing?.quote
  const amount = (minor: number) => money(minor, quote?.currency ?? cart.currency)
  return (
    <dl class="totals">
      <dt>Subtotal</dt>
      <dd class={quote ? undefined : 'grand'}>{amount(cart.subtotal)}</dd>
      {quote && (
        <>
          {quote.discount > 0 && (
            <>
              <dt>{`Discount (${quote.promoCode})`}</dt>
              <dd>{`−${amount(quote.discount)}`}</dd>
            </>
          )}
          <dt>Shipping</dt>
          <dd>{quote.shipping > 0 ? amount(quote.shipping) : 'Free'}</dd>
          <dt>Total</dt>
          <dd class="grand">{amount(quote.total)}</dd>
        </>
      )}
    </dl>
  )
}

/**
 * What to say of delivery: free from what goods' total (and how much more it takes), or
 * free; without a quote (a guest), the shop's terms, when sales can say them.
 */
export function deliveryNote(pricing: Pricing | undefined, terms?: DeliveryTerms) {
  const quote = pricing?.quote
  if (!quote) return terms ? termsText(terms) : 'Delivery is worked out at checkout.'
  const { freeShippingFrom: freeFrom, shipping, subtotal, discount, currency } = quote
  const goods = subtotal - discount
  if (freeFrom === null) return shipping === 0 ? 'Delivery is free.' : ''
  if (shipping > 0)
    return `Delivery is free from ${money(freeFrom, currency)}: ${money(freeFrom - goods, currency)} more to go.`
  // free below the line: the code's doing
  return goods >= freeFrom
    ? `Delivery is free on orders from ${money(freeFrom, currency)}.`
    : 'Delivery is free with your code.'
}

/** The cart page: its lines (each with its quantity form), the promotion code, the totals, the way on. */
export function CartPage({
  cart,
  signedIn,
  pricing,
  terms,
  promoError,
}: {
  cart: Cart
  signedIn: boolean
  pricing?: Pricing | undefined
  /** The shop's delivery terms, for a cart without a quote (a guest's). */
  terms?: DeliveryTerms | undefined
  promoError?: string
}) {
  if (cart.items.length === 0)
    return (
      <>
        <h1>Your cart</h1>
        <p class="panel">
          Your cart is empty. <a href="/products">Find something you like</a>.
        </p>
      </>
    )
  const buyable = cart.items.every((i) => i.status === 'ok') && !cart.stale
  return (
    <>
      <h1>Your cart</h1>
      {cart.stale && (
        <p class="notice alert" role="status">
          The catalogue cannot be reached right now: the prices and stock below are the last we saw, and may have
          changed. You can still change your cart; checkout waits until the catalogue is back.
        </p>
      )}
      <Table
        caption="Products in your cart"
        rows={cart.items}
        columns={[
          {
            head: 'Product',
            cell: (item) => (
              <>
                <a href={`/products/${item.productId}`}>{item.name}</a>
                {item.status === 'inactive' && <div class="stale">No longer sold: remove it to check out.</div>}
                {item.status === 'short' && <div class="stale">{`Only ${item.available} available.`}</div>}
              </>
            ),
          },
          {
            head: 'Price',
            num: true,
            wide: true,
            cell: (item) => (
              <>
                {money(item.unitPrice, cart.currency)}
                {cart.stale && <span class="stale"> (may have changed)</span>}
              </>
            ),
          },
          { head: 'Quantity', cell: (item) => <QuantityForm item={item} /> },
          { head: 'Total', num: true, cell: (item) => money(item.lineTotal, cart.currency) },
        ]}
      />
      <CartTotals cart={cart} pricing={pricing} />
      <PromoForm pricing={pricing} error={promoError} />
      <p class="muted right">{deliveryNote(pricing, terms)}</p>
      <div class="actions">
        <a class="button secondary" href="/products">
          Keep shopping
        </a>
        {buyable ? (
          <a class="button" href={signedIn ? '/checkout' : onTo('/signin', '/checkout')}>
            {signedIn ? 'Check out' : 'Sign in to check out'}
          </a>
        ) : (
          <span class="muted">Fix the lines marked above to check out.</span>
        )}
      </div>
    </>
  )
}

function PromoForm({ pricing, error }: { pricing?: Pricing | undefined; error?: string | undefined }) {
  if (pricing?.code && !error)
    return (
      <form class="promo" method="post" action="/cart/promo">
        <CsrfField />
        <input type="hidden" name="promoCode" value={pricing.code} />
        <p role={pricing.refused ? 'alert' : 'status'} class={pricing.refused ? 'error' : undefined}>
          {pricing.refused ?? pricing.note ?? `Promotion code ${pricing.code} applied.`}{' '}
          <button type="submit" name="action" value="remove" class="link">
            {`Remove ${pricing.code}`}
          </button>
        </p>
      </form>
    )
  return (
    <form class="promo form" method="post" action="/cart/promo" novalidate>
      <CsrfField />
      <Field name="promoCode" label="Promotion code" autocomplete="off" error={error} />
      <div>
        <button type="submit" name="action" value="apply" class="secondary">
          Apply
        </button>
      </div>
    </form>
  )
}

/** A line's quantity: changed as it is typed (with script), or by its button; Remove takes the line out. */
function QuantityForm({ item }: { item: Cart['items'][number] }) {
  return (
    <form class="qty" method="post" action={`/cart/items/${item.productId}`} data-autosubmit>
      <CsrfField />
      <label for={`qty-${item.productId}`} class="visually-hidden">
        {`Quantity of ${item.name}`}
      </label>
      <input
        id={`qty-${item.productId}`}
        name="quantity"
        type="number"
        min={0}
        max={99}
        value={String(item.quantity)}
      />
      <button type="submit" name="action" value="update" class="secondary nojs-only">
        Update
      </button>
      <button type="submit" name="action" value="remove" class="link">
        Remove<span class="visually-hidden">{` ${item.name}`}</span>
      </button>
    </form>
  )
}
