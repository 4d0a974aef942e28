import { Hono } from 'hono'
import * as z from 'zod'
import { parse, readJson, requireService, type AuthEnv, type TokenVerifier } from '@shopfront/kit'
import { productView } from '../catalog/product-view.ts'
import type { ProductsRepo } from '../catalog/products.repo.ts'
import type { ReservationsRepo } from './reservations.repo.ts'

const orderId = z
  .string()
  .trim()
  .regex(/^[\w-]{1,100}$/, 'an order id of letters, digits, - and _')
const reserveBody = z
  .object({
    orderId,
    lines: z
      .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(10_000) }).strict())
      .min(1)
      .max(100),
    ttlSeconds: z.number().int().min(1).max(86_400).optional(),
  })
  .strict()
const lookupBody = z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict()

/**
 * /internal: for other services only (a service token). Batch lookup for cart and
 * checkout; reservations for sales: reserve (all lines or none, idempotent per order),
 * commit, release, and return (committed stock back on hand, for a cancelled order).
 */
export function internalRoutes({
  products,
  reservations,
  verifier,
  ttlSeconds,
}: {
  products: ProductsRepo
  reservations: ReservationsRepo
  verifier: TokenVerifier
  ttlSeconds: () => number
}) {
  const app = new Hono<AuthEnv>()
  // the catalog's prices for carts and checkouts; stock reservations are the checkout's alone
  app.use('/products/*', requireService(verifier, ['cart', 'sales']))
  app.use('/reservations/*', requireService(verifier, ['sales']))
  app.use('/reservations', requireService(verifier, ['sales']))

  app.post('/products/lookup', async (c) => {
    const { ids } = await readJson(c, lookupBody)
    const rows = await products.lookup([...new Set(ids)])
    return c.json({ items: rows.map(productView) })
  })

  app.post('/reservations', async (c) => {
    const body = await readJson(c, reserveBody)
    const { reservation, created } = await reservations.reserve(
      body.orderId,
      body.lines,
      body.ttlSeconds ?? ttlSeconds(),
    )
    return c.json(reservation, created ? 201 : 200)
  })
  app.get('/reservations/:orderId', async (c) =>
    c.json(await reservations.get(parse(orderId, c.req.param('orderId'), 'order id'))),
  )
  app.post('/reservations/:orderId/commit', async (c) =>
    c.json(await reservations.commit(parse(orderId, c.req.param('orderId'), 'order id'))),
  )
  app.post('/reservations/:orderId/release', async (c) =>
    c.json(await reservations.release(parse(orderId, c.req.param('orderId'), 'order id'))),
  )
  app.post('/reservations/:orderId/return', async (c) =>
    c.json(await reservations.returnStock(parse(orderId, c.req.param('orderId'), 'order id'))),
  )
  return app
}
