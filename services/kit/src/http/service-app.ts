import { Hono, type MiddlewareHandler } from 'hono'
import { AppError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { edge } from './edge.ts'
import { healthRoutes, type HealthOptions } from './health.ts'
import { problemResponse } from './problems.ts'

export interface ServiceAppOptions {
  logger: Logger
  metrics?: Metrics
  health?: HealthOptions
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number
  /** Larger bodies accepted under these path prefixes (uploads), in bytes: `{ '/api/products/images': 10_485_760 }`. */
  largerBodies?: Record<string, number>
  /** Runs before every route but `/health/*` (which the registry probes without credentials), `/metrics` included. */
  guard?: MiddlewareHandler
}

export type AppEnv = { Variables: { requestId: string } }

/**
 * The Hono app every service and infrastructure app starts from: request id, one JSON
 * access-log line per request, request metrics, secure headers, a body size limit,
 * problem+json for every error and for 404, `/health/*` and `/metrics`.
 *
 * @example
 *   const app = createServiceApp({ logger, metrics, health: { checks: { db: () => sql`select 1` } } })
 *   app.route('/api/products', productRoutes(deps))
 */
export function createServiceApp({
  logger,
  metrics,
  health,
  maxBodyBytes = 1024 * 1024,
  largerBodies,
  guard,
}: ServiceAppOptions) {
  const app = new Hono<AppEnv>()
  app.use(edge({ logger, metrics, maxBodyBytes, largerBodies }))
  app.route('/health', healthRoutes(health))
  if (guard) app.use((c, next) => (c.req.path.startsWith('/health/') ? next() : guard(c, next)))
  if (metrics) {
    app.get('/metrics', async (c) =>
      c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
    )
  }
  app.notFound((c) => problemResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)))
  app.onError((err, c) => problemResponse(c, err, logger))
  return app
}
