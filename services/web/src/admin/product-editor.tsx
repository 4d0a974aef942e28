/** @jsxImportSource hono/jsx */
import { Field, SelectField, TextAreaField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { dateTime } from '../layout/parts.tsx'
import type { Category, Product } from '../shop/schemas.ts'
import type { Movement, Reservation } from './schemas.ts'

/** The category choices of a form: none, or one of them. */
export const categoryOptions = (categories: Category[]) => [
  { value: '', label: 'None' },
  ...categories.map((cat) => ({ value: cat.id, label: cat.name })),
]

export function ProductFields({
  values,
  errors,
  categories,
}: {
  values: Record<string, string>
  errors: Record<string, string>
  categories: { value: string; label: string }[]
}) {
  return (
    <>
      <Field name="name" label="Name" required value={values.name} error={errors.name} />
      <TextAreaField
        name="description"
        label="Description"
        rows={4}
        value={values.description}
        error={errors.description}
      />
      <Field
        name="price"
        label="Price (USD)"
        inputmode="numeric"
        required
        value={values.price}
        error={errors.price}
        hint="e.g. 12.50"
      />
      <SelectField
        name="categoryId"
        label="Category"
        value={values.categoryId ?? ''}
        options={categories}
        error={errors.categoryId}
      />
      <label class="check">
        <input type="checkbox" name="active" value="1" checked={values.active === '1'} /> Sold in the shop (active)
      </label>
    </>
  )
}

export function ProductEditor({
  product,
  values,
  errors,
  categories,
  movements,
  reserved,
}: {
  product: Product
  values: Record<string, string>
  errors: Record<string, string>
  categories: { value: string; label: string }[]
  movements: Movement[]
  reserved: Reservation[]
}) {
  return (
    <div class="stack">
      <h1>{product.name}</h1>
      <p class="muted">{`${product.sku} · ${product.active ? 'in the shop' : 'inactive'}`}</p>
      <div class="product">
        <section class="panel" aria-labelledby="details">
          <h2 id="details">Details</h2>
          <form class="form" method="post" action={`/admin/products/${product.id}`} novalidate>
            <CsrfField />
            <ProductFields values={values} errors={errors} categories={categories} />
            <div>
              <button type="submit">Save</button>
            </div>
          </form>
          {product.active && (
            <p>
              <a href={`/admin/products/${product.id}/deactivate`}>Deactivate…</a>
            </p>
          )}
        </section>
        <section class="panel" aria-labelledby="stock">
          <h2 id="stock">Stock</h2>
          <p>
            <strong>{`${product.stock.onHand} on hand`}</strong>
            {` · ${product.stock.reserved} reserved (orders being placed) · ${product.available} available`}
          </p>
          <form class="form" method="post" action={`/admin/products/${product.id}/stock/confirm`} novalidate>
            <CsrfField />
            <Field name="delta" label="Change (+ adds, − removes)" inputmode="numeric" required error={errors.delta} />
            <Field
              name="reason"
              label="Reason"
              required
              error={errors.reason}
              hint="e.g. delivery from the supplier, damaged"
            />
            <div>
              <button type="submit" class="secondary">
                Adjust…
              </button>
            </div>
          </form>
          <h3>Reserved now</h3>
          {reserved.length === 0 ? (
            <p class="muted">No order is being placed with it.</p>
          ) : (
            <ul>
              {reserved.map((r) => (
                <li>{`${r.quantity} for order ${r.orderId}, held until ${dateTime(r.expiresAt)}`}</li>
              ))}
            </ul>
          )}
          <h3>History</h3>
          <table class="lines">
            <caption class="visually-hidden">Stock movements, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col" class="num">
                  Change
                </th>
                <th scope="col" class="num">
                  On hand
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr>
                  <td>{dateTime(m.at)}</td>
                  <td class="num">{m.delta > 0 ? `+${m.delta}` : String(m.delta)}</td>
                  <td class="num">{String(m.onHandAfter)}</td>
                  <td>{m.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  )
}
