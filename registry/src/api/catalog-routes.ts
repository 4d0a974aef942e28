import { Hono } from 'hono'
import type { Catalog } from '../catalog.ts'
import type { IndexClock } from '../state.ts'
import { blockingQuery } from './blocking.ts'
import { catalogService, nodeEntry } from './health-routes.ts'

/** /v1/catalog: services by name with their tags, instances of one, and the node. */
export function catalogRoutes(catalog: Catalog, clock: IndexClock) {
  const app = new Hono()
  app.get('/datacenters', (c) => c.json([catalog.node.Datacenter]))
  app.get('/services', async (c) => {
    await blockingQuery(c, clock, () => catalog.indexOf())
    const byName: Record<string, string[]> = {}
    for (const s of catalog.services.values())
      byName[s.Service] = [...new Set([...(byName[s.Service] ?? []), ...s.Tags])]
    return c.json(byName)
  })
  app.get('/service/:name', async (c) => {
    const name = c.req.param('name')
    await blockingQuery(c, clock, () => catalog.indexOf({ service: name }))
    const tags = c.req.queries('tag') ?? []
    return c.json(
      catalog
        .instancesOf(name)
        .filter((s) => tags.every((t) => s.Tags.includes(t)))
        .map((s) => catalogService(catalog, s)),
    )
  })
  app.get('/nodes', async (c) => {
    await blockingQuery(c, clock, () => 1)
    return c.json([nodeEntry(catalog)])
  })
  app.get('/node/:node', async (c) => {
    await blockingQuery(c, clock, () => catalog.indexOf())
    if (c.req.param('node') !== catalog.node.Node) return c.json(null)
    const services = Object.fromEntries([...catalog.services.values()].map((s) => [s.ID, s]))
    return c.json({ Node: nodeEntry(catalog), Services: services })
  })
  return app
}
