import { pageQuery, parse, principalOf, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import { demandQuery, productParam } from './alerts.schemas.ts'
import type { AlertsService } from './alerts.service.ts'

/** /api/stock-alerts: a signed-in shopper's "tell me when it is back" alerts, by product; for admins, the products most waited for. */
export function alertRoutes({ alerts, verifier }: { alerts: AlertsService; verifier: TokenVerifier }) {
  const { app, signedIn, only } = serviceRoutes(verifier)
  const productId = (c: { req: { param(): Record<string, string> } }) =>
    parse(productParam, c.req.param(), 'path').productId
  // the staff's view: what shoppers wait for, and how many wait for one product
  app.get('/demand', only('admin'), async (c) => c.json(await alerts.demand(readQuery(c, demandQuery).limit)))
  app.get('/demand/:productId', only('admin'), async (c) => c.json(await alerts.waitingFor(productId(c))))
  app.use('*', signedIn)

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
