/** @jsxImportSource hono/jsx */
import type { FormState } from '../forms.ts'
import { Field, fieldsOf, PostForm, SelectField, TextAreaField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { When } from '../layout/parts.tsx'
import { Table } from '../layout/table.tsx'
import type { Category, Product } from '../shop/schemas.ts'
import type { Movement, Reservation } from './schemas.ts'

/** The category choices of a form: none, or one of them. */
export const categoryOptions = (categories: Category[]) => [
  { value: '', label: 'None' },
  ...categories.map((cat) => ({ value: cat.id, label: cat.name })),
]

export function ProductFields({
  form,
  categories,
}: {
  form: FormState
  categories: { value: string; label: string }[]
}) {
  const on = fieldsOf(form)
  return (
    <>
      <Field {...on('name')} label="Name" required />
      <TextAreaField {...on('description')} label="Description" rows={4} />
      <Field {...on('price')} label="Price (USD)" inputmode="numeric" required hint="e.g. 12.50" />
      <SelectField {...on('categoryId')} label="Category" options={categories} />
      <TextAreaField
        {...on('images')}
        label="Pictures"
        rows={3}
        hint="Web addresses (https://…), one a line, up to 10; lists show the first. None: the shop draws one."
      />
      <TextAreaField
        {...on('attributes')}
        label="Attributes"
        rows={4}
        hint="One a line as name: value, e.g. roast: medium; the product page lists them."
      />
      <label class="check">
        <input type="checkbox" name="active" value="1" checked={form.values.active === '1'} /> Sold in the shop (active)
      </label>
    </>
  )
}

export function ProductEditor({
  product,
  form,
  categories,
  movements,
  reserved,
  orders,
}: {
  product: Product
  /** The details form (values and errors) and the stock form's errors. */
  form: FormState
  categories: { value: string; label: string }[]
  movements: Movement[]
  reserved: Reservation[]
  /** The numbers (SF-1002) of the orders the history and the reservations name, by id. */
  orders: Map<string, string>
}) {
  return (
    <div class="stack">
      <h1>{product.name}</h1>
      <p class="muted">{`${product.sku} · ${product.active ? 'in the shop' : 'inactive'}`}</p>
      <div class="product">
        <section class="panel" aria-labelledby="details">
          <h2 id="details">Details</h2>
          <PostForm action={`/admin/products/${product.id}`} submit="Save">
            <ProductFields form={form} categories={categories} />
          </PostForm>
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
            <Field
              name="delta"
              label="Change (+ adds, − removes)"
              inputmode="numeric"
              required
              error={form.errors.delta}
            />
            <Field
              name="reason"
              label="Reason"
              required
              error={form.errors.reason}
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
                <li>
                  {`${r.quantity} for `}
                  <a
                    href={`/admin/orders/${encodeURIComponent(r.orderId)}`}
                  >{`order ${orders.get(r.orderId) ?? r.orderId}`}</a>
                  {', held until '}
                  <When at={r.expiresAt} />
                </li>
              ))}
            </ul>
          )}
          <h3>History</h3>
          <Table
            caption="Stock movements, newest first"
            rows={movements}
            columns={[
              { head: 'When', cell: (m) => <When at={m.at} /> },
              { head: 'Change', num: true, cell: (m) => (m.delta > 0 ? `+${m.delta}` : String(m.delta)) },
              { head: 'On hand', num: true, cell: (m) => String(m.onHandAfter) },
              {
                head: 'Why',
                cell: (m) =>
                  m.orderId ? (
                    <a href={`/admin/orders/${encodeURIComponent(m.orderId)}`}>
                      {m.reason.replace(m.orderId, orders.get(m.orderId) ?? m.orderId)}
                    </a>
                  ) : (
                    m.reason
                  ),
              },
            ]}
          />
        </section>
      </div>
    </div>
  )
}
