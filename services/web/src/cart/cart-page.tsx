/** @jsxImportSource hono/jsx */
import { CsrfField } from '../layout/layout.tsx'
import { onTo } from '../session/session.ts'
import { money } from '../layout/parts.tsx'
import type { Cart, Quote } from '../shop/schemas.ts'
import { Field } from '../layout/fields.tsx'
import { Table } from '../layout/table.tsx'

/** A promotion code and what it does to this cart: a quote, a refusal (why), or a note (why not shown yet). */
export type Promotion = { code: string; quote?: Quote; refused?: string; note?: string }

/** The cart's subtotal, and with a quoted promotion code its discount and the total to pay. */
export function CartTotals({ cart, promotion }: { cart: Cart; promotion?: Promotion | undefined }) {
  return (
    <dl class="totals">
      <dt>Subtotal</dt>
      <dd class={promotion?.quote ? undefined : 'grand'}>{money(cart.subtotal, cart.currency)}</dd>
      {promotion?.quote && (
        <>
          <dt>{`Discount (${promotion.code})`}</dt>
          <dd>{`−${money(promotion.quote.discount, promotion.quote.currency)}`}</dd>
          <dt>Total</dt>
          <dd class="grand">{money(promotion.quote.total, promotion.quote.currency)}</dd>
        </>
      )}
    </dl>
  )
}

/** The cart page: its lines (each with its quantity form), the promotion code, the totals, the way on. */
export function CartPage({
  cart,
  signedIn,
  promotion,
  promoError,
}: {
  cart: Cart
  signedIn: boolean
  promotion?: Promotion
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
      <CartTotals cart={cart} promotion={promotion} />
      <PromoForm promotion={promotion} error={promoError} />
      <p class="muted right">Shipping is free.</p>
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

function PromoForm({ promotion, error }: { promotion?: Promotion; error?: string }) {
  if (promotion && !error)
    return (
      <form class="promo" method="post" action="/cart/promo">
        <CsrfField />
        <input type="hidden" name="promoCode" value={promotion.code} />
        <p role={promotion.refused ? 'alert' : 'status'} class={promotion.refused ? 'error' : undefined}>
          {promotion.refused ?? promotion.note ?? `Promotion code ${promotion.code} applied.`}{' '}
          <button type="submit" name="action" value="remove" class="link">
            {`Remove ${promotion.code}`}
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
