import * as z from 'zod'
import { pageQuery, parse, principalOf, readJson, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import type { CatalogService } from './catalog.service.ts'
import {
  createProductBody,
  importBody,
  importQuery,
  searchQuery,
  stockBody,
  suggestQuery,
  updateProductBody,
} from './products.schemas.ts'

const productId = z.object({ id: z.uuid('a product id') })

/** /api/products: anyone browses and searches; admins manage products and stock. */
export function productRoutes({ catalog, verifier }: { catalog: CatalogService; verifier: TokenVerifier }) {
  const { app, anyone, only } = serviceRoutes(verifier)
  const admin = only('admin')
  const id = (c: { req: { param(): Record<string, string> } }) => parse(productId, c.req.param(), 'path').id

  app.get('/', anyone, async (c) => {
    const query = readQuery(c, searchQuery)
    const { items, total, facets, didYouMean } = await catalog.search(query, c.get('principal'))
    const page = { items, total, page: query.page, limit: query.limit }
    return c.json({ ...page, ...(facets && { facets }), ...(didYouMean && { didYouMean }) })
  })

  app.get('/suggestions', async (c) => {
    const { q, limit } = readQuery(c, suggestQuery)
    return c.json({ items: await catalog.suggest(q, limit) }, 200, { 'cache-control': 'public, max-age=60' })
  })

  app.get('/:id', anyone, async (c) => c.json(await catalog.get(id(c), c.get('principal'))))

  app.post('/', admin, async (c) => {
    const product = await catalog.create(await readJson(c, createProductBody), principalOf(c).id)
    return c.json(product, 201, { location: `/api/products/${product.id}` })
  })

  app.post('/import', admin, async (c) => {
    const { dryRun } = readQuery(c, importQuery)
    const { products } = await readJson(c, importBody)
    return c.json(await catalog.import(products, principalOf(c).id, { dryRun }))
  })

  app.patch('/:id', admin, async (c) => c.json(await catalog.update(id(c), await readJson(c, updateProductBody))))

  app.delete('/:id', admin, async (c) => {
    await catalog.deactivate(id(c))
    return c.body(null, 204)
  })

  app.post('/:id/stock', admin, async (c) => {
    const { delta, reason } = await readJson(c, stockBody)
    return c.json(await catalog.adjustStock(id(c), delta, reason, principalOf(c).id))
  })

  app.get('/:id/reservations', admin, async (c) => c.json({ items: await catalog.liveReservations(id(c)) }))

  app.get('/:id/stock-movements', admin, async (c) => {
    const { page, limit } = readQuery(c, pageQuery())
    return c.json({ ...(await catalog.movements(id(c), page, limit)), page, limit })
  })
  return app
}
