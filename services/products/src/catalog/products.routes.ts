import { Hono } from 'hono'
import * as z from 'zod'
import {
  AppError,
  authenticate,
  paging,
  parse,
  principalOf,
  readJson,
  readQuery,
  type AuthEnv,
  type TokenVerifier,
} from '@shopfront/kit'
import { productView } from './product-view.ts'
import type { ReservationsRepo } from '../stock/reservations.repo.ts'
import type { ProductsRepo } from './products.repo.ts'
import { createProductBody, searchQuery, stockBody, suggestQuery, updateProductBody } from './products.schemas.ts'

const productId = z.object({ id: z.uuid('a product id') })
const pageQuery = z.object(paging()).strict()

/** /api/products: anyone browses and searches; admins manage products and stock. */
export function productRoutes({
  repo,
  reservations,
  verifier,
}: {
  repo: ProductsRepo
  reservations: Pick<ReservationsRepo, 'liveFor'>
  verifier: TokenVerifier
}) {
  const app = new Hono<AuthEnv>()
  const admin = authenticate(verifier, { roles: ['admin'] })
  const isAdmin = (c: { get(k: 'principal'): { roles: string[] } | undefined }) =>
    c.get('principal')?.roles.includes('admin') ?? false

  app.get('/', authenticate(verifier), async (c) => {
    const query = readQuery(c, searchQuery)
    if ((query.includeInactive || query.active === false) && !isAdmin(c))
      throw new AppError('forbidden', 'Only admins can list inactive products.')
    const { rows, total, facets } = await repo.search(query, { admin: isAdmin(c) })
    return c.json({
      items: rows.map(productView),
      total,
      page: query.page,
      limit: query.limit,
      ...(facets && { facets }),
    })
  })

  app.get('/suggestions', async (c) => {
    const { q, limit } = readQuery(c, suggestQuery)
    const items = await repo.suggest(q, limit)
    return c.json({ items: items.map(({ id, name }) => ({ id, name })) }, 200, {
      'cache-control': 'public, max-age=60',
    })
  })

  app.get('/:id', authenticate(verifier), async (c) => {
    const { id } = parse(productId, c.req.param(), 'path')
    return c.json(productView(await repo.mustGet(id, { includeInactive: isAdmin(c) })))
  })

  app.post('/', admin, async (c) => {
    const body = await readJson(c, createProductBody)
    const row = await repo.create(body, principalOf(c).id)
    return c.json(productView(row), 201, { location: `/api/products/${row.id}` })
  })

  app.patch('/:id', admin, async (c) => {
    const { id } = parse(productId, c.req.param(), 'path')
    return c.json(productView(await repo.update(id, await readJson(c, updateProductBody))))
  })

  // deactivates: orders keep referring to the product
  app.delete('/:id', admin, async (c) => {
    const { id } = parse(productId, c.req.param(), 'path')
    await repo.deactivate(id)
    return c.body(null, 204)
  })

  app.post('/:id/stock', admin, async (c) => {
    const { id } = parse(productId, c.req.param(), 'path')
    const { delta, reason } = await readJson(c, stockBody)
    return c.json(productView(await repo.adjustStock(id, delta, reason, principalOf(c).id)))
  })

  // the live reservations holding this product: orders being placed, not yet paid or released
  app.get('/:id/reservations', admin, async (c) => {
    const { id } = parse(productId, c.req.param(), 'path')
    await repo.mustGet(id, { includeInactive: true })
    return c.json({ items: await reservations.liveFor(id) })
  })

  app.get('/:id/stock-movements', admin, async (c) => {
    const { id } = parse(productId, c.req.param(), 'path')
    const { page, limit } = readQuery(c, pageQuery)
    const { items, total } = await repo.movements(id, page, limit)
    return c.json({
      items: items.map(({ createdAt, ...movement }) => ({ ...movement, at: createdAt.toISOString() })),
      total,
      page,
      limit,
    })
  })
  return app
}
