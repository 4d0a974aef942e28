import type Consul from 'consul'
import { cors } from 'hono/cors'
import { Counter, Histogram } from 'prom-client'
import { AppError, createServiceApp, type Breakers, type Discovery, type HealthOptions, type LiveConfig, type Logger, type Metrics, type ServiceClient } from '@shopfront/kit'
import { createEdgeAuth } from './edge-auth.ts'
import { docsRoutes } from './front/docs.ts'
import { servicesHealth } from './front/health-services.ts'
import { createOpenApiMerger } from './front/openapi.ts'
import { clientIp } from './proxy/forward.ts'
import { createProxy } from './proxy/proxy.ts'
import { createRouteTable, isForbiddenPath } from './proxy/route-table.ts'
import { createRateLimiter } from './rate-limit/rate-limit.ts'
import type { RateLimitStore } from './rate-limit/stores.ts'
import type { GatewaySettings } from './settings.ts'

export interface GatewayDeps {
  config: LiveConfig<GatewaySettings>
  logger: Logger
  metrics: Metrics
  discovery: Discovery
  breakers: Breakers
  consul: Consul
  health: HealthOptions
  client(service: string): ServiceClient
  rateLimitStore: RateLimitStore
}

/**
 * The gateway: every REST client's single entry. Routes (from the live settings) map path
 * prefixes to services found in the registry; each request is authenticated at the edge
 * as its route demands, rate limited, and proxied as a stream.
 *
 * @example
 *   const app = createGatewayApp({ config, logger, metrics, discovery, breakers, consul, health, client, rateLimitStore })
 */
export function createGatewayApp(deps: GatewayDeps) {
  const { config, logger, metrics, discovery, breakers, consul } = deps
  const settings = () => config.current.gateway
  const app = createServiceApp({ logger, metrics, health: deps.health, maxBodyBytes: settings().maxBodyBytes })
  const upstreamDuration = new Histogram({
    name: 'gateway_upstream_duration_seconds',
    help: 'Proxied requests by route, upstream instance and status',
    labelNames: ['route', 'service', 'instance', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  })
  const storeErrors = new Counter({ name: 'gateway_rate_limit_store_errors_total', help: 'Rate limit store failures (requests let through)', registers: [metrics.registry] })
  const routeFor = createRouteTable()
  const authorize = createEdgeAuth(deps.client)
  const limit = createRateLimiter({ store: deps.rateLimitStore, logger, storeErrors })
  const proxy = createProxy({ discovery, breakers, upstreamDuration })
  const openApi = createOpenApiMerger(deps.client)

  const corsHeaders = cors({
    origin: (origin) => (settings().cors.allowOrigins.includes(origin) ? origin : null),
    credentials: true,
    maxAge: settings().cors.maxAgeSeconds,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Location'],
  })
  // CORS concerns browsers, which always send Origin; other clients skip the work
  app.use((c, next) => (c.req.raw.headers.has('origin') ? corsHeaders(c, next) : next()))
  app.get('/health', (c) => c.json({ status: 'up', routes: settings().routes.length, breakers: breakers.states() }))
  app.get('/health/services', async (c) => c.json(await servicesHealth(consul)))
  app.get('/openapi.json', async (c) => c.json(await openApi(settings().routes)))
  app.route('/', docsRoutes())

  app.all('*', async (c) => {
    const gateway = settings()
    if (isForbiddenPath(c.req.path)) throw new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)
    const route = routeFor(gateway.routes, c.req.method, c.req.path)
    if (!route) throw new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)
    const principal = await authorize(c.req.header('authorization'), route, { ...config.current.auth, jwks: gateway.jwks })
    const ip = clientIp(c)
    if (route.rateLimit !== 'none') await limit(c, route.rateLimit, gateway.rateLimits[route.rateLimit]!, { userId: principal?.id, ip })
    return proxy(c, route, { stripped: gateway.strippedHeaders, timeoutMs: route.timeoutMs ?? gateway.upstreamTimeoutMs, retries: gateway.retries, ip })
  })
  return app
}
