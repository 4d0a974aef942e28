/** @jsxImportSource hono/jsx */
import { formatMoney } from '@shopfront/kit'
import type { Product } from '../shop/schemas.ts'

/** An amount in minor units, as the shopper reads it ($24.90). */
export const money = (amount: number, currency = 'USD') => formatMoney({ amount, currency })

/** A product's picture: its own first image, else the shop's drawing of it. */
export const imageOf = (p: Pick<Product, 'images' | 'sku'>) =>
  p.images[0] ?? `/images/products/${encodeURIComponent(p.sku)}.svg`

/** What the shopper should know about stock: sold out, only a few left, or in stock. */
export function StockNote({ available }: { available: number }) {
  if (available <= 0) return <span class="stock low">Sold out</span>
  if (available <= 5) return <span class="stock low">{`Only ${available} left`}</span>
  return <span class="stock">In stock</span>
}

export function ProductCard({ product }: { product: Product }) {
  return (
    <li class="card">
      <a href={`/products/${product.id}`}>
        <img src={imageOf(product)} alt="" width={400} height={300} loading="lazy" />
        <div class="body">
          <h3>{product.name}</h3>
          <span class="price">{money(product.price.amount, product.price.currency)}</span>
          <StockNote available={product.available} />
        </div>
      </a>
    </li>
  )
}

/** A form field with its label, an optional hint and the error for it (linked for screen readers). */
export function Field(props: {
  name: string
  label: string
  type?: string
  value?: string
  error?: string
  hint?: string
  required?: boolean
  autocomplete?: string
  inputmode?: 'numeric' | 'email' | 'tel' | 'text'
  maxlength?: number
  pattern?: string
}) {
  const id = `f-${props.name}`
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ')
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        pattern={props.pattern}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.error && (
        <span class="error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  )
}

/** Page links that keep every other query parameter, so a result page is a shareable URL. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return <></>
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b)
  return (
    <nav aria-label="Pages">
      <ul class="pager">
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              Previous
            </a>
          </li>
        )}
        {shown.map((p) =>
          p === page ? (
            <li>
              <span aria-current="page">{String(p)}</span>
            </li>
          ) : (
            <li>
              <a href={href(p)}>{String(p)}</a>
            </li>
          ),
        )}
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              Next
            </a>
          </li>
        )}
      </ul>
    </nav>
  )
}

/** A shipping address's fields (checkout requires them; the profile may leave them all empty). */
export function AddressFields({
  values,
  errors,
  required = false,
  class: className,
}: {
  values: Record<string, string | undefined>
  errors: Record<string, string | undefined>
  required?: boolean
  class?: string
}) {
  const field = (
    name: string,
    label: string,
    autocomplete: string,
    more: { maxlength?: number; hint?: string } = {},
  ) => (
    <Field
      name={name}
      label={label}
      autocomplete={autocomplete}
      required={required && name !== 'line2'}
      value={values[name]}
      error={errors[name]}
      {...more}
    />
  )
  return (
    <fieldset class={className}>
      <legend>Shipping address</legend>
      {field('line1', 'Street and number', 'address-line1')}
      {field('line2', 'Apartment, floor (optional)', 'address-line2')}
      <div class="row">
        {field('city', 'City', 'address-level2')}
        {field('postalCode', 'Postal code', 'postal-code')}
        {field('country', 'Country code', 'country', { maxlength: 2, hint: 'Two letters, e.g. US' })}
      </div>
    </fieldset>
  )
}

/** The e-mail field of the account forms (sign in, register, verify). */
export function EmailField({ value, error }: { value?: string; error?: string }) {
  return <Field name="email" label="E-mail" type="email" autocomplete="email" required value={value} error={error} />
}
