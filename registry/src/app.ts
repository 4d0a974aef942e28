import { Hono } from 'hono'
import { agentRoutes } from './api/agent-routes.ts'
import { catalogRoutes } from './api/catalog-routes.ts'
import { healthRoutes } from './api/health-routes.ts'
import { kvRoutes } from './api/kv-routes.ts'
import { Catalog } from './catalog.ts'
import { startCheckRunner } from './check-runner.ts'
import { KvStore } from './kv.ts'
import { IndexClock } from './state.ts'
import { uiRoutes } from './ui/ui.routes.ts'

export interface RegistryOptions {
  nodeName?: string
  address?: string
  datacenter?: string
  /** How often TTL expiry and reaping are looked at. */
  sweepMs?: number
  onReap?: (serviceId: string, checkId: string) => void
  onRequest?: (method: string, path: string, status: number) => void
}

/**
 * The development registry: a single-node stand-in for a Consul agent that speaks the
 * subset of Consul's HTTP API the platform uses, with Consul's JSON and index semantics,
 * plus a page at /ui. `stop()` ends its check timers.
 *
 * @example
 *   const registry = createRegistryApp()
 *   Bun.serve({ port: 8500, fetch: registry.app.fetch })
 */
export function createRegistryApp({
  nodeName = 'shopfront-dev',
  address = '127.0.0.1',
  datacenter = 'dc1',
  sweepMs,
  onReap,
  onRequest,
}: RegistryOptions = {}) {
  const clock = new IndexClock()
  const catalog = new Catalog(
    { ID: crypto.randomUUID(), Node: nodeName, Address: address, Datacenter: datacenter },
    clock,
  )
  const kv = new KvStore(clock)
  catalog.registerService(
    {
      ID: 'consul',
      Service: 'consul',
      Tags: [],
      Meta: { raft_version: '3' },
      Port: 8300,
      Address: '',
      Weights: { Passing: 1, Warning: 1 },
      EnableTagOverride: false,
    },
    [],
  )
  const runner = startCheckRunner(catalog, { sweepMs, onReap })

  const app = new Hono()
  if (onRequest) {
    app.use(async (c, next) => {
      await next()
      onRequest(c.req.method, c.req.path, c.res.status)
    })
  }
  app.route('/v1/agent', agentRoutes(catalog))
  app.route('/v1/health', healthRoutes(catalog, clock))
  app.route('/v1/catalog', catalogRoutes(catalog, clock))
  app.route('/v1/kv', kvRoutes(kv, clock))
  app.get('/v1/status/leader', (c) => c.json(`${address}:8300`))
  app.get('/v1/status/peers', (c) => c.json([`${address}:8300`]))
  app.route('/', uiRoutes(catalog, kv))
  app.notFound((c) => c.text(`Not found: ${c.req.method} ${c.req.path}`, 404))
  // a path with an escape that is not UTF-8 (/v1/kv/%E2%28) is the caller's mistake, as Consul's 400s are
  app.onError((err, c) =>
    err instanceof URIError
      ? c.text('Invalid URL path: an escape is not UTF-8', 400)
      : c.text(`Internal error: ${err.message}`, 500),
  )
  return { app, catalog, kv, clock, stop: () => runner.stop() }
}

export type Registry = ReturnType<typeof createRegistryApp>
