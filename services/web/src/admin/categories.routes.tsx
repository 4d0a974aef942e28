/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { type FormState, freshForm, refusalOf, submitForm } from '../forms.ts'
import { Field, fieldsOf, PostForm, SelectField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import type { WebContext, WebEnv } from '../session/session.ts'
import type { Category } from '../shop/schemas.ts'
import { renderAdmin } from './admin-layout.tsx'
import { adminsOnly, staffToken } from './admin.routes.tsx'
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

/** Categories in the back office (admins): the tree, create, rename or move, delete an empty one. */
export function categoriesAdminRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()
  app.use(adminsOnly)

  app.get('/', async (c) => categoriesPage(c, freshForm()))
  const categoriesPage = async (c: WebContext, form: FormState) => {
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
                <form method="post" action={`/admin/products/categories/${cat.id}/delete`} class="inline">
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
      { title: 'Categories', notice: form.notice },
      <>
        <h1>Categories</h1>
        <section class="panel">
          <Tree parentId={null} />
        </section>
        <section class="panel" aria-labelledby="new-category">
          <h2 id="new-category">New category</h2>
          <PostForm action="/admin/products/categories" submit="Create category">
            <CategoryFields form={form} parents={categories} />
          </PostForm>
        </section>
      </>,
      form.status,
    )
  }
  const toList = (c: WebContext) => c.redirect('/admin/products/categories', 303)
  app.post('/', (c) =>
    submitForm(c, categoryForm, categoriesPage, async (data) => {
      await staff.createCategory(staffToken(c), data)
      return toList(c)
    }),
  )
  const categoryPage = async (c: WebContext, id: string, form?: FormState) => {
    const categories = await staff.categories()
    const category = categories.find((cat) => cat.id === id)
    if (!category) throw new AppError('not_found', 'There is no such category.')
    const shown = form ?? freshForm({ name: category.name, slug: category.slug, parentId: category.parentId ?? '' })
    return renderAdmin(
      c,
      { title: `Category ${category.name}`, notice: shown.notice },
      <section class="panel">
        <h1>{`Category ${category.name}`}</h1>
        <PostForm action={`/admin/products/categories/${id}`} submit="Save">
          <CategoryFields form={shown} parents={categories.filter((cat) => cat.id !== id)} />
        </PostForm>
        <p>
          <a href="/admin/products/categories">All categories</a>
        </p>
      </section>,
      shown.status,
    )
  }
  app.get('/:id', (c) => categoryPage(c, c.req.param('id')))
  app.post('/:id', (c) => {
    const id = c.req.param('id')
    // a cycle, a taken slug: said beside the form, nothing changed
    return submitForm(
      c,
      categoryForm,
      (c, form) => categoryPage(c, id, form),
      async (data) => {
        await staff.updateCategory(staffToken(c), id, data)
        return toList(c)
      },
    )
  })
  app.post('/:id/delete', async (c) => {
    try {
      await staff.deleteCategory(staffToken(c), c.req.param('id'))
    } catch (err) {
      return categoriesPage(c, { values: {}, ...refusalOf(err), errors: {} })
    }
    return toList(c)
  })

  return app
}

/** A category's name, slug and the category it is inside (one of `parents`, or none). */
function CategoryFields({ form, parents }: { form: FormState; parents: Category[] }) {
  const on = fieldsOf(form)
  return (
    <>
      <Field {...on('name')} label="Name" required />
      <Field {...on('slug')} label="Slug (in the shop's addresses)" required />
      <SelectField {...on('parentId')} label="Inside" options={categoryOptions(parents)} />
    </>
  )
}
