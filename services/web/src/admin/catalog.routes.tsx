/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { filtersOf, checkForm, freshForm, pageParam, searchParam, slugParam, submitForm } from '../forms.ts'
import { Field, fieldsOf, PostForm, SelectField, anyOf, choices } from '../layout/fields.tsx'
import { counted, imageOf, money } from '../layout/parts.tsx'
import { FilteredTable } from '../layout/table.tsx'
import { formPage } from '../layout/render.tsx'
import type { WebEnv } from '../session/session.ts'
import { actionsOn, type ThingPage } from './actions.ts'
import { askFirst, renderAdmin } from './admin-layout.tsx'
import { adminsOnly, staffToken } from './admin.routes.tsx'
import { categoryOptions, ProductEditor, ProductFields } from './product-editor.tsx'
import { uploadPictures } from './picture-uploads.ts'
import { newProductForm, productChanges, productForm, productValues } from './product-form.ts'
import type { Staff } from './staff.ts'

const listQuery = z.object({
  q: searchParam,
  category: slugParam,
  active: z.enum(['true', 'false']).optional().catch(undefined),
  page: pageParam,
})
const stockForm = z.object({
  delta: z.coerce
    .number('a whole number, e.g. 5 or -2')
    .int('a whole number')
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, 'a change of 0 changes nothing'),
  reason: z.string().trim().min(1, 'why (it is kept in the history)').max(200),
})

/**
 * The numbers (SF-1002) of the orders these stock records name, by id: staff know an order by
 * its number, products only by its id. An order that cannot be read now is left out (its id shows).
 */
async function orderNumbers(staff: Staff, token: string, records: { orderId: string | null }[]) {
  const ids = [...new Set(records.flatMap((r) => (r.orderId ? [r.orderId] : [])))]
  const found = await Promise.all(
    ids.map((id) =>
      staff.order(token, id).then(
        (order): [string, string] => [id, order.number],
        () => undefined,
      ),
    ),
  )
  return new Map(found.filter((pair) => pair !== undefined))
}

/** The catalog in the back office (admins): products with search and filters, a product's details and stock. */
export function catalogAdminRoutes({ staff, maxUploadBytes }: { staff: Staff; maxUploadBytes: number }) {
  const app = new Hono<WebEnv>()
  app.use(adminsOnly)

  app.get('/', async (c) => {
    const query = listQuery.parse(c.req.query())
    const [found, categories] = await Promise.all([
      staff.products(staffToken(c), {
        q: query.q,
        category: query.category,
        // no choice: both active and inactive ones
        ...(query.active ? { active: query.active } : { includeInactive: 'true' }),
        sort: 'newest',
        page: query.page,
        limit: 20,
      }),
      staff.categories(),
    ])
    const params = filtersOf(query)
    return renderAdmin(
      c,
      { title: 'Catalog' },
      <>
        <h1>Catalog</h1>
        <p class="actions start">
          <a class="button" href="/admin/products/new">
            New product
          </a>
          <a class="button secondary" href="/admin/products/categories">
            Categories
          </a>
          <a class="button secondary" href="/admin/products/import">
            Import or export (CSV)
          </a>
        </p>
        <FilteredTable
          path="/admin/products"
          count={counted(found.total, 'product')}
          params={params}
          fields={
            <>
              <Field name="q" label="Search" value={query.q} />
              <SelectField
                name="category"
                label="Category"
                value={query.category}
                options={anyOf(
                  categories.map((cat) => cat.slug),
                  (slug) => categories.find((cat) => cat.slug === slug)?.name ?? slug,
                )}
              />
              <SelectField
                name="active"
                label="Sold"
                value={query.active ?? ''}
                options={choices({ '': 'Active or not', true: 'Active', false: 'Inactive' })}
              />
            </>
          }
          caption="Products"
          found={found}
          page={query.page}
          columns={[
            {
              head: 'Product',
              cell: (p) => (
                <a class="with-thumb" href={`/admin/products/${p.id}`}>
                  <img src={imageOf(p, 'small')} alt="" width={56} height={42} loading="lazy" />
                  {p.name}
                </a>
              ),
            },
            { head: 'SKU', wide: true, cell: (p) => p.sku },
            { head: 'Price', num: true, cell: (p) => money(p.price.amount, p.price.currency) },
            { head: 'Available', num: true, mark: (p) => p.available <= 5 && 'down', cell: (p) => String(p.available) },
            { head: 'Sold', cell: (p) => (p.active ? 'yes' : 'no (inactive)') },
          ]}
        />
      </>,
    )
  })

  const newPage = formPage(renderAdmin, 'New product', async (form) => (
    <PostForm action="/admin/products" submit="Create product" files>
      <Field {...fieldsOf(form)('sku')} label="SKU (item number)" required />
      <ProductFields
        form={form}
        categories={categoryOptions(await staff.categories())}
        maxUploadBytes={maxUploadBytes}
      />
      <Field {...fieldsOf(form)('stock')} label="Units in stock" inputmode="numeric" required />
    </PostForm>
  ))

  app.get('/new', (c) => newPage(c, freshForm({ active: '1', stock: '0' })))
  app.post('/', (c) =>
    submitForm(
      c,
      newProductForm,
      newPage,
      async ({ sku, stock, ...details }) => {
        const created = await staff.createProduct(staffToken(c), { sku, stock, ...productChanges(details) })
        return c.redirect(`/admin/products/${created.id}?done=created`, 303)
      },
      { prepare: uploadPictures(c, staff) },
    ),
  )

  /** A product's page; `values`: the details form as sent (else the product's own), `errors` its or the stock form's. */
  const productPage: ThingPage = async (c, id, notice, status = 200, errors = {}, values) => {
    if (!z.uuid().safeParse(id).success) throw new AppError('not_found', 'There is no such product.')
    const token = staffToken(c)
    const [product, categories, movements, reserved, waiting] = await Promise.all([
      staff.product(token, id),
      staff.categories(),
      staff.movements(token, id, 1),
      staff.reservations(token, id),
      staff.waiting(token, id),
    ])
    const orders = await orderNumbers(staff, token, [...movements.items, ...reserved])
    return renderAdmin(
      c,
      { title: product.name, notice },
      <ProductEditor
        product={product}
        form={{ values: values ?? productValues(product), errors, status }}
        categories={categoryOptions(categories)}
        maxUploadBytes={maxUploadBytes}
        movements={movements.items}
        reserved={reserved}
        waiting={waiting}
        orders={orders}
      />,
      status,
    )
  }
  const actions = actionsOn('/admin/products', productPage, {
    created: 'Product created; it is in the shop if active.',
    saved: 'Saved.',
    stock: 'Stock adjusted; the change is in the history below.',
    deactivated: 'Deactivated: no longer in the shop; orders still refer to it.',
  })
  app.get('/:id', actions.show)
  app.post('/:id', (c) => {
    const id = c.req.param('id')
    return submitForm(
      c,
      productForm,
      (c, form) => productPage(c, id, form.notice, form.status, form.errors, form.values),
      async (details) => {
        await staff.updateProduct(staffToken(c), id, productChanges(details))
        return c.redirect(`/admin/products/${id}?done=saved`, 303)
      },
      { prepare: uploadPictures(c, staff) },
    )
  })
  // stock moves are confirmed first: what changes, from what to what
  app.post('/:id/stock/confirm', async (c) => {
    const id = c.req.param('id')
    const form = await checkForm(c, stockForm)
    if (form.errors) return productPage(c, id, undefined, 400, form.errors)
    const product = await staff.product(staffToken(c), id)
    const { delta, reason } = form.data
    return askFirst(c, {
      question: `${delta > 0 ? 'Add' : 'Remove'} ${Math.abs(delta)} of ${product.name}?`,
      detail: `On hand goes from ${product.stock.onHand} to ${product.stock.onHand + delta} (${product.stock.reserved} reserved for orders being placed). Reason: ${reason}.`,
      action: `/admin/products/${id}/stock`,
      fields: { delta: String(delta), reason },
      button: 'Adjust stock',
    })
  })
  app.post('/:id/stock', (c) =>
    actions.submit(c, stockForm, 'stock', (id, { delta, reason }) =>
      staff.adjustStock(staffToken(c), id, delta, reason),
    ),
  )
  app.get('/:id/deactivate', async (c) => {
    const id = c.req.param('id')
    const product = await staff.product(staffToken(c), id)
    return askFirst(c, {
      question: `Take ${product.name} out of the shop?`,
      detail:
        'Shoppers no longer find or buy it; carts holding it say so; orders keep referring to it. You can make it active again.',
      action: `/admin/products/${id}/deactivate`,
      button: 'Deactivate',
    })
  })
  app.post('/:id/deactivate', (c) =>
    actions.run(c, 'deactivated', (id) => staff.updateProduct(staffToken(c), id, { active: false })),
  )
  return app
}
