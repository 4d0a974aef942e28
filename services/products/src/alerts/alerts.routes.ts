import * as z from 'zod'
import { pageQuery, parse, principalOf, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import type { AlertsService } from './alerts.service.ts'

const productParam = z.object({ productId: z.uuid('a product id') })
const productIdParam = z.object({ id: z.uuid('a product id') })

/** /api/stock-alerts: a signed-in shopper's "tell me when it is back" alerts, by product. */
export function alertRoutes({ alerts, verifier }: { alerts: AlertsService; verifier: TokenVerifier }) {
  const { app, signedIn } = serviceRoutes(verifier)
  app.use('*', signedIn)
  const productId = (c: { req: { param(): Record<string, string> } }) =>
    parse(productParam, c.req.param(), 'path').productId

  app.get('/', async (c) => {
    const { page, limit } = readQuery(c, pageQuery())
    return c.json({ ...(await alerts.mine(principalOf(c).id, { page, limit })), page, limit })
  })
  app.get('/:productId', async (c) => c.json(await alerts.find(productId(c), principalOf(c).id)))
  app.put('/:productId', async (c) => c.json(await alerts.watch(productId(c), principalOf(c))))
  app.delete('/:productId', async (c) => {
    await alerts.stop(productId(c), principalOf(c).id)
    return c.body(null, 204)
  })
  return app
}

/** /api/products/:id/waiting: for admins, how many shoppers wait for a product to be back. */
export function waitingRoutes({ alerts, verifier }: { alerts: AlertsService; verifier: TokenVerifier }) {
  const { app, only } = serviceRoutes(verifier)
  app.get('/:id/waiting', only('admin'), async (c) =>
    c.json(await alerts.waitingFor(parse(productIdParam, c.req.param(), 'path').id)),
  )
  return app
}
