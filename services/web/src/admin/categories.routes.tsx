/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { checkForm, refusalOf } from '../forms.ts'
import { Field, SelectField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import type { PageProps } from '../layout/render.tsx'
import type { WebContext, WebEnv } from '../session/session.ts'
import type { Category } from '../shop/schemas.ts'
import { renderAdmin } from './admin-layout.tsx'
import { requireAdmin, staffToken } from './admin.routes.tsx'
import { categoryOptions } from './product-editor.tsx'
import type { Staff } from './staff.ts'

const categoryForm = z.object({
  name: z.string().trim().min(1, 'a name').max(100),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,60}$/, 'lower-case letters, digits and dashes'),
  parentId: z.union([z.literal(''), z.uuid()]).transform((v) => v || null),
})

/** The catalog in the back office (admins): products, their stock with its history, categories. */

/** Categories in the back office (admins): the tree, create, rename or move, delete an empty one. */
export function categoriesAdminRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()
  app.use(async (c, next) => {
    requireAdmin(c)
    await next()
  })

  app.get('/', async (c) => categoriesPage(c))
  const categoriesPage = async (
    c: WebContext,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    notice?: PageProps['notice'],
    status = 200,
  ) => {
    const categories = await staff.categories()
    const children = (parentId: string | null): Category[] => categories.filter((cat) => cat.parentId === parentId)
    const Tree = ({ parentId }: { parentId: string | null }) => {
      const level = children(parentId)
      return level.length === 0 ? null : (
        <ul>
          {level.map((cat) => (
            <li>
              <strong>{cat.name}</strong> <span class="muted">{`${cat.slug} · ${cat.productCount} products`}</span>{' '}
              <a href={`/admin/products/categories/${cat.id}`}>
                Edit<span class="visually-hidden">{` ${cat.name}`}</span>
              </a>{' '}
              {cat.productCount === 0 && children(cat.id).length === 0 && (
                <form
                  method="post"
                  action={`/admin/products/categories/${cat.id}/delete`}
                  class="inline"
                  style="display:inline"
                >
                  <CsrfField />
                  <button type="submit" class="link">
                    Delete<span class="visually-hidden">{` ${cat.name}`}</span>
                  </button>
                </form>
              )}
              <Tree parentId={cat.id} />
            </li>
          ))}
        </ul>
      )
    }
    return renderAdmin(
      c,
      { title: 'Categories', notice },
      <>
        <h1>Categories</h1>
        <section class="panel">
          <Tree parentId={null} />
        </section>
        <section class="panel" aria-labelledby="new-category">
          <h2 id="new-category">New category</h2>
          <form class="form" method="post" action="/admin/products/categories" novalidate>
            <CsrfField />
            <Field name="name" label="Name" required value={values.name} error={errors.name} />
            <Field
              name="slug"
              label="Slug (in the shop's addresses)"
              required
              value={values.slug}
              error={errors.slug}
            />
            <SelectField
              name="parentId"
              label="Inside"
              value={values.parentId ?? ''}
              options={categoryOptions(categories)}
              error={errors.parentId}
            />
            <div>
              <button type="submit">Create category</button>
            </div>
          </form>
        </section>
      </>,
      status,
    )
  }
  app.post('/', async (c) => {
    const form = await checkForm(c, categoryForm)
    if (form.errors) return categoriesPage(c, form.values, form.errors, undefined, 400)
    try {
      await staff.createCategory(staffToken(c), form.data)
    } catch (err) {
      const { errors, notice, status } = refusalOf(err)
      return categoriesPage(c, form.values, errors, notice, status)
    }
    return c.redirect('/admin/products/categories', 303)
  })
  const categoryPage = async (
    c: WebContext,
    id: string,
    values?: Record<string, string>,
    errors: Record<string, string> = {},
    notice?: PageProps['notice'],
    status = 200,
  ) => {
    const categories = await staff.categories()
    const category = categories.find((cat) => cat.id === id)
    if (!category) throw new AppError('not_found', 'There is no such category.')
    const shown = values ?? { name: category.name, slug: category.slug, parentId: category.parentId ?? '' }
    return renderAdmin(
      c,
      { title: `Category ${category.name}`, notice },
      <section class="panel">
        <h1>{`Category ${category.name}`}</h1>
        <form class="form" method="post" action={`/admin/products/categories/${id}`} novalidate>
          <CsrfField />
          <Field name="name" label="Name" required value={shown.name} error={errors.name} />
          <Field name="slug" label="Slug (in the shop's addresses)" required value={shown.slug} error={errors.slug} />
          <SelectField
            name="parentId"
            label="Inside"
            value={shown.parentId ?? ''}
            options={categoryOptions(categories.filter((cat) => cat.id !== id))}
            error={errors.parentId}
          />
          <div>
            <button type="submit">Save</button>
          </div>
        </form>
        <p>
          <a href="/admin/products/categories">All categories</a>
        </p>
      </section>,
      status,
    )
  }
  app.get('/:id', (c) => categoryPage(c, c.req.param('id')))
  app.post('/:id', async (c) => {
    const id = c.req.param('id')
    const form = await checkForm(c, categoryForm)
    if (form.errors) return categoryPage(c, id, form.values, form.errors, undefined, 400)
    try {
      await staff.updateCategory(staffToken(c), id, form.data)
    } catch (err) {
      // a cycle, a taken slug: said beside the form, nothing changed
      const { errors, notice, status } = refusalOf(err)
      return categoryPage(c, id, form.values, errors, notice, status)
    }
    return c.redirect('/admin/products/categories', 303)
  })
  app.post('/:id/delete', async (c) => {
    try {
      await staff.deleteCategory(staffToken(c), c.req.param('id'))
    } catch (err) {
      const { notice, status } = refusalOf(err)
      return categoriesPage(c, {}, {}, notice, status)
    }
    return c.redirect('/admin/products/categories', 303)
  })

  return app
}
