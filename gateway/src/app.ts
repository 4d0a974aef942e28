import type Consul from 'consul'
import { Counter, Histogram } from 'prom-client'
import {
  copiesInRegistry,
  AppError,
  bearerToken,
  createServiceApp,
  sameSecret,
  type Breakers,
  type Discovery,
  type FetchApp,
  type HealthOptions,
  type LiveConfig,
  type Logger,
  type Metrics,
  type ServiceClient,
} from '@shopfront/kit'
import { createCors } from './cors.ts'
import { docsRoutes } from './front/docs.ts'
import { servicesHealth } from './front/health-services.ts'
import { createOpenApiMerger } from './front/openapi.ts'
import { createProxyHandler, splitUrl } from './proxy/handler.ts'
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

/** The gateway's own endpoints; every other path is proxied. */
const isFrontPath = (path: string) =>
  path === '/health' ||
  path.startsWith('/health/') ||
  path === '/metrics' ||
  path === '/openapi.json' ||
  path === '/docs' ||
  path.startsWith('/docs/')

/**
 * The gateway: every REST client's single entry. Routes (from the live settings) map path
 * prefixes to services found in the registry; each request is authenticated at the edge
 * as its route demands, rate limited, and proxied as a stream. Its own endpoints (health,
 * metrics, API docs) are a kit service app; the proxy path is a plain fetch handler that
 * gives each request the same request id, headers, metric and log line.
 *
 * @example
 *   const app = createGatewayApp({ config, logger, metrics, discovery, breakers, consul, health, client, rateLimitStore })
 *   listen(app, { port: 8080 })
 */
export function createGatewayApp(deps: GatewayDeps): FetchApp {
  const { config, logger, metrics, breakers, consul } = deps
  const settings = () => config.current.gateway
  const cors = createCors(() => settings().cors)
  const upstreamDuration = new Histogram({
    name: 'gateway_upstream_duration_seconds',
    help: 'Proxied requests by route, upstream instance and status',
    labelNames: ['route', 'service', 'instance', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  })
  const storeErrors = new Counter({
    name: 'gateway_rate_limit_store_errors_total',
    help: 'Rate limit store failures (requests let through)',
    registers: [metrics.registry],
  })
  const proxied = createProxyHandler({
    ...deps,
    published: copiesInRegistry(consul),
    cors,
    upstreamDuration,
    storeErrors,
  })

  // the platform's insides (every metric, every instance's address) are for the operator's
  // tools: with gateway.metricsToken set (required in production) they need it as a bearer token
  const operatorOnly = (authorization: string | undefined) => {
    const token = settings().metricsToken
    if (token && !sameSecret(bearerToken(authorization), token))
      throw new AppError(
        'unauthorized',
        'This needs the gateway metrics token (Authorization: Bearer <GATEWAY_METRICS_TOKEN>).',
      )
  }
  const front = createServiceApp({
    logger,
    metrics,
    health: deps.health,
    maxBodyBytes: settings().maxBodyBytes,
    guard: async (c, next) => {
      if (c.req.path === '/metrics') operatorOnly(c.req.header('authorization'))
      await next()
    },
  })
  const openApi = createOpenApiMerger(deps.client, 30_000, logger)
  front.use(cors.middleware)
  front.get('/health', (c) => c.json({ status: 'up', routes: settings().routes.length, breakers: breakers.states() }))
  front.get('/health/services', async (c) => {
    operatorOnly(c.req.header('authorization'))
    return c.json(await servicesHealth(consul))
  })
  front.get('/openapi.json', async (c) => c.json(await openApi(settings().routes)))
  front.route('/', docsRoutes())

  return {
    fetch: (req, server) => {
      const url = splitUrl(req.url)
      if (url.invalid || !isFrontPath(url.path)) return proxied(req, server, url)
      // the gateway's own endpoints see the normalized path too
      return front.fetch(
        url.rewritten ? new Request(`${url.proto}://${url.host}${url.pathAndQuery}`, req) : req,
        server,
      )
    },
  }
}
