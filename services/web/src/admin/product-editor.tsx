/** @jsxImportSource hono/jsx */
import type { FormState } from '../forms.ts'
import { Field, FileField, fieldsOf, PostForm, SelectField, TextAreaField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { counted, When } from '../layout/parts.tsx'
import { Table } from '../layout/table.tsx'
import { type Category, type Product, smallPictureOf, uploadedPictureUrl } from '../shop/schemas.ts'
import { lines } from './product-form.ts'
import type { Movement, Reservation, WaitingShoppers } from './schemas.ts'

/** The category choices of a form: none, or one of them. */
export const categoryOptions = (categories: Category[]) => [
  { value: '', label: 'None' },
  ...categories.map((cat) => ({ value: cat.id, label: cat.name })),
]

/** The pictures a form names now (its `images` lines), small, in their order: what lists show first. */
function PictureStrip({ images, name }: { images: string; name: string }) {
  // those the shop can show: uploaded ones and https (a line still to be corrected stays text)
  const urls = lines(images).filter((line) => uploadedPictureUrl.test(line) || line.startsWith('https://'))
  if (!urls.length) return null
  return (
    <ol class="more-pictures" aria-label="The pictures, in order (lists show the first)">
      {urls.map((url, i) => (
        <li>
          <img
            src={smallPictureOf(url)}
            alt={`${name} (${i + 1} of ${urls.length})`}
            width={96}
            height={72}
            loading="lazy"
          />
        </li>
      ))}
    </ol>
  )
}

export function ProductFields({
  form,
  categories,
  maxUploadBytes,
}: {
  form: FormState
  categories: { value: string; label: string }[]
  /** What the chosen pictures may weigh together. */
  maxUploadBytes: number
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
        hint="One address a line, up to 10: uploaded pictures’ or web addresses (https://…); lists show the first. None: the shop draws one."
      />
      <PictureStrip images={form.values.images ?? ''} name={form.values.name ?? ''} />
      <FileField
        {...on('upload')}
        label="Upload pictures"
        accept="image/jpeg,image/png,image/webp,image/gif,image/avif,image/heic"
        multiple
        maxBytes={maxUploadBytes}
        hint={`JPEG, PNG, WebP, GIF, AVIF or HEIC, up to ${Math.floor(maxUploadBytes / 1_048_576)} MB together; they join the pictures when you save (upright, resized, without the camera’s details).`}
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
  maxUploadBytes,
  movements,
  reserved,
  waiting,
  orders,
}: {
  product: Product
  /** The details form (values and errors) and the stock form's errors. */
  form: FormState
  categories: { value: string; label: string }[]
  maxUploadBytes: number
  movements: Movement[]
  reserved: Reservation[]
  /** The shoppers waiting for it to be back in stock. */
  waiting: WaitingShoppers
  /** The numbers (SF-1002) of the orders the history and the reservations name, by id. */
  orders: Map<string, string>
}) {
  return (
    <div class="stack">
      <h1>{product.name}</h1>
      <p class="muted">
        {`${product.sku} · ${product.active ? 'in the shop' : 'inactive'} · `}
        <a href={`/admin/reviews?productId=${product.id}`}>Its reviews</a>
      </p>
      <div class="product">
        <section class="panel" aria-labelledby="details">
          <h2 id="details">Details</h2>
          <PostForm action={`/admin/products/${product.id}`} submit="Save" files>
            <ProductFields form={form} categories={categories} maxUploadBytes={maxUploadBytes} />
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
          {waiting.waiting > 0 && waiting.since && (
            <p>
              <strong>{`${counted(waiting.waiting, 'shopper')} waiting`}</strong>
              {' for it to be back (since '}
              <When at={waiting.since} />
              {'): each is e-mailed once it can be bought.'}
            </p>
          )}
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
