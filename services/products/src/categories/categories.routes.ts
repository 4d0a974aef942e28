import * as z from 'zod'
import { parse, readJson, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import { categoryPageQuery, createCategoryBody, updateCategoryBody } from './categories.schemas.ts'
import type { CategoriesService } from './categories.service.ts'

const categoryId = z.object({ id: z.uuid('a category id') })

/** /api/categories: anyone lists them; admins create, rename, move and delete (an empty one). */
export function categoryRoutes({ categories, verifier }: { categories: CategoriesService; verifier: TokenVerifier }) {
  const { app, only } = serviceRoutes(verifier)
  const admin = only('admin')
  app.get('/', async (c) => {
    const { page, limit } = readQuery(c, categoryPageQuery)
    return c.json({ ...(await categories.list(page, limit)), page, limit })
  })
  app.get('/:id', async (c) => c.json(await categories.mustGet(parse(categoryId, c.req.param(), 'path').id)))
  app.post('/', admin, async (c) => {
    const category = await categories.create(await readJson(c, createCategoryBody))
    return c.json(category, 201, { location: `/api/categories/${category.id}` })
  })
  app.patch('/:id', admin, async (c) =>
    c.json(await categories.update(parse(categoryId, c.req.param(), 'path').id, await readJson(c, updateCategoryBody))),
  )
  app.delete('/:id', admin, async (c) => {
    await categories.remove(parse(categoryId, c.req.param(), 'path').id)
    return c.body(null, 204)
  })
  return app
}
