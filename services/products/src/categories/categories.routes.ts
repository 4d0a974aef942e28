import * as z from 'zod'
import { paging, parse, readJson, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import type { CategoriesService } from './categories.service.ts'

const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by dashes')
  .max(60)
const fields = { slug, name: z.string().trim().min(1).max(100), parentId: z.uuid().nullable() }
const createBody = z.object({ ...fields, parentId: fields.parentId.default(null) }).strict()
// no defaults here: a PATCH changes only what it sends
const updateBody = z
  .object(fields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change')
const categoryId = z.object({ id: z.uuid('a category id') })
const pageQuery = z.object(paging({ defaultLimit: 100 })).strict()

/** /api/categories: anyone lists them; admins create, rename, move and delete (an empty one). */
export function categoryRoutes({ categories, verifier }: { categories: CategoriesService; verifier: TokenVerifier }) {
  const { app, only } = serviceRoutes(verifier)
  const admin = only('admin')
  app.get('/', async (c) => {
    const { page, limit } = readQuery(c, pageQuery)
    return c.json({ ...(await categories.list(page, limit)), page, limit })
  })
  app.get('/:id', async (c) => c.json(await categories.mustGet(parse(categoryId, c.req.param(), 'path').id)))
  app.post('/', admin, async (c) => {
    const category = await categories.create(await readJson(c, createBody))
    return c.json(category, 201, { location: `/api/categories/${category.id}` })
  })
  app.patch('/:id', admin, async (c) =>
    c.json(await categories.update(parse(categoryId, c.req.param(), 'path').id, await readJson(c, updateBody))),
  )
  app.delete('/:id', admin, async (c) => {
    await categories.remove(parse(categoryId, c.req.param(), 'path').id)
    return c.body(null, 204)
  })
  return app
}
