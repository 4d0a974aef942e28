import * as z from 'zod'
import { parse, readJson, readJsonIfAny, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import { productQuantities } from '../contract.ts'
import type { StockService } from './stock.service.ts'

const orderId = z
  .string()
  .trim()
  .regex(/^[\w-]{1,100}$/, 'an order id of letters, digits, - and _')
const reserveBody = z
  .object({
    orderId,
    lines: productQuantities,
    ttlSeconds: z.number().int().min(1).max(86_400).optional(),
  })
  .strict()
const returnBody = z
  .object({
    key: z.string().trim().min(1).max(200),
    lines: productQuantities,
  })
  .strict()
const lookupBody = z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict()

/**
 * /internal: for other services only (a service token). Batch lookup for cart and
 * checkout; reservations for sales: reserve (all lines or none, idempotent per order),
 * commit, release, and return (committed stock back on hand, for a cancelled order, or a part
 * of it for a partial return).
 */
export function internalRoutes({ stock, verifier }: { stock: StockService; verifier: TokenVerifier }) {
  const { app, services } = serviceRoutes(verifier)
  // the catalog's prices for carts and checkouts; stock reservations are the checkout's alone
  app.use('/products/*', services('cart', 'sales'))
  app.use('/reservations/*', services('sales'))
  app.use('/reservations', services('sales'))

  app.post('/products/lookup', async (c) => {
    const { ids } = await readJson(c, lookupBody)
    return c.json({ items: await stock.lookup(ids) })
  })

  app.post('/reservations', async (c) => {
    const body = await readJson(c, reserveBody)
    const { reservation, created } = await stock.reserve(body.orderId, body.lines, body.ttlSeconds)
    return c.json(reservation, created ? 201 : 200)
  })
  app.get('/reservations/:orderId', async (c) =>
    c.json(await stock.get(parse(orderId, c.req.param('orderId'), 'order id'))),
  )
  app.post('/reservations/:orderId/commit', async (c) =>
    c.json(await stock.commit(parse(orderId, c.req.param('orderId'), 'order id'))),
  )
  app.post('/reservations/:orderId/release', async (c) =>
    c.json(await stock.release(parse(orderId, c.req.param('orderId'), 'order id'))),
  )
  // no body: all that is still out comes back; { key, lines }: that part, once per key
  app.post('/reservations/:orderId/return', async (c) => {
    const id = parse(orderId, c.req.param('orderId'), 'order id')
    return c.json(await stock.returnStock(id, await readJsonIfAny(c, returnBody)))
  })
  return app
}
