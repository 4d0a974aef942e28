import { AppError, type Logger, problemSchema, type ServiceClient } from '@shopfront/kit'
import { createRouteTable } from '../proxy/route-table.ts'
import type { Route } from '../settings.ts'

type Doc = { paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } }

const gatewayPaths = {
  '/health': {
    get: { tags: ['platform'], summary: "The gateway's own health", responses: { 200: { description: 'up' } } },
  },
  '/health/services': {
    get: {
      tags: ['platform'],
      summary: 'Every service, its instances and checks, from the registry',
      responses: { 200: { description: 'services' } },
    },
  },
}

const verbs = ['get', 'put', 'post', 'patch', 'delete']
const refusal = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
})

/**
 * An operation's item with what the gateway itself can answer before (or instead of) the
 * service: its route's edge auth and rate limit, and a service it cannot reach in time.
 * What the service's document states already stays as it is.
 */
function withEdgeRefusals(item: Record<string, unknown>, routeOf: (method: string) => Route | undefined) {
  const out: Record<string, unknown> = { ...item }
  for (const method of verbs) {
    const op = item[method] as { responses?: Record<string, unknown> } | undefined
    const route = op && routeOf(method.toUpperCase())
    if (!op || !route) continue
    const edge: Record<number, unknown> = {}
    if (route.access !== 'public') {
      edge[401] = refusal('No valid access token')
      edge[403] = refusal('Not for your roles')
    }
    if (route.rateLimit !== 'none')
      edge[429] = refusal('Too many requests: the RateLimit and Retry-After headers say when to try again')
    edge[503] = refusal('The service cannot be reached now (no healthy instance, or its breaker is open): retry')
    edge[504] = refusal('The service did not answer in time')
    out[method] = { ...op, responses: { ...edge, ...op.responses } }
  }
  return out
}

/**
 * One OpenAPI document for the whole platform: each routed service's own `/openapi.json`
 * (only the paths the gateway routes to it), schemas namespaced by service so two
 * services' `Product` cannot collide. The rest is still served when one cannot be merged:
 * a service that cannot be reached is listed under `x-unavailable`; one that answers
 * without a document (a 404: nothing to describe, or a document missing by mistake) under
 * `x-undocumented`, with a warning in the log. Each operation also states what the gateway
 * answers itself (429 on a limited route, 401 and 403 on a closed one, 503 and 504).
 * Cached briefly.
 */
export function createOpenApiMerger(client: (service: string) => ServiceClient, ttlMs = 30_000, logger?: Logger) {
  const routeTable = createRouteTable()
  let cached: { at: number; routes: Route[]; doc: unknown } | undefined
  return async (routes: Route[]) => {
    if (cached && cached.routes === routes && Date.now() - cached.at < ttlMs) return cached.doc
    const services = [...new Set(routes.map((r) => r.service))].sort()
    const paths: Record<string, unknown> = { ...gatewayPaths }
    const schemas: Record<string, unknown> = {}
    const unavailable: string[] = []
    const undocumented: string[] = []
    await Promise.all(
      services.map(async (service) => {
        const doc = await client(service)
          .get<Doc>('/openapi.json', { timeoutMs: 2000 })
          .catch((err) => (err instanceof AppError && err.status === 404 ? ('none' as const) : undefined))
        if (doc === 'none') {
          logger?.warn('a routed service has no OpenAPI document: its routes are missing from /openapi.json', {
            service,
          })
          return void undocumented.push(service)
        }
        if (!doc || typeof doc !== 'object') return void unavailable.push(service)
        const prefix = `${service}_`
        const renamed = JSON.parse(
          JSON.stringify(doc).replaceAll('"#/components/schemas/', `"#/components/schemas/${prefix}`),
        ) as Doc
        for (const [path, item] of Object.entries(renamed.paths ?? {})) {
          if (routes.some((r) => r.service === service && (path === r.prefix || path.startsWith(`${r.prefix}/`))))
            paths[path] = withEdgeRefusals(item as Record<string, unknown>, (method) =>
              routeTable(routes, method, path),
            )
        }
        for (const [name, schema] of Object.entries(renamed.components?.schemas ?? {})) schemas[prefix + name] = schema
      }),
    )
    const doc = {
      openapi: '3.1.0',
      info: {
        title: 'Shopfront API',
        version: '1.0.0',
        description:
          'Every service behind the gateway. Errors are RFC 9457 problem+json, with the `requestId` every answer also carries as X-Request-Id (send your own, up to 128 letters, digits and `-_.:`, to find a request in the logs). A W3C `traceparent` sent with a request makes it part of your trace.',
      },
      servers: [{ url: '/' }],
      paths,
      components: {
        schemas,
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      'x-unavailable': unavailable.sort(),
      'x-undocumented': undocumented.sort(),
    }
    cached = { at: Date.now(), routes, doc }
    return doc
  }
}
