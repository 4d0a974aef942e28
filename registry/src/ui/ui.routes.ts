import { Hono } from 'hono'
import type { Catalog } from '../catalog.ts'
import type { KvStore } from '../kv.ts'
import { kvRoutes } from './kv.ts'
import { nodeRoutes } from './nodes.ts'
import { serviceRoutes } from './services.ts'

/**
 * The registry's pages at Consul UI's URLs (`/ui/`, `/ui/dc1/services`,
 * `/ui/dc1/services/:name/instances`, `/ui/dc1/nodes`, `/ui/dc1/kv/`), for the parts the
 * development registry implements; lists refresh themselves every 2 s.
 */
export function uiRoutes(catalog: Catalog, kv: KvStore) {
  const app = new Hono()
  const dc = catalog.node.Datacenter
  app.get('/', (c) => c.redirect(`/ui/${dc}/services`))
  app.get('/ui', (c) => c.redirect(`/ui/${dc}/services`))
  app.get('/ui/', (c) => c.redirect(`/ui/${dc}/services`))
  app.route(`/ui/${dc}/services`, serviceRoutes(catalog, dc))
  app.route(`/ui/${dc}/nodes`, nodeRoutes(catalog, dc))
  app.get(`/ui/${dc}/kv`, (c) => c.redirect(`/ui/${dc}/kv/`))
  app.route(`/ui/${dc}/kv`, kvRoutes(kv, dc))
  return app
}
