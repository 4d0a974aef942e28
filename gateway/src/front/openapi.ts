import { AppError, type Logger, type ServiceClient } from '@shopfront/kit'
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

/**
 * One OpenAPI document for the whole platform: each routed service's own `/openapi.json`
 * (only the paths the gateway routes to it), schemas namespaced by service so two
 * services' `Product` cannot collide. The rest is still served when one cannot be merged:
 * a service that cannot be reached is listed under `x-unavailable`; one that answers
 * without a document (a 404: nothing to describe, or a document missing by mistake) under
 * `x-undocumented`, with a warning in the log. Cached briefly.
 */
export function createOpenApiMerger(client: (service: string) => ServiceClient, ttlMs = 30_000, logger?: Logger) {
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
            paths[path] = item
        }
        for (const [name, schema] of Object.entries(renamed.components?.schemas ?? {})) schemas[prefix + name] = schema
      }),
    )
    const doc = {
      openapi: '3.1.0',
      info: {
        title: 'Shopfront API',
        version: '1.0.0',
        description: 'Every service behind the gateway. Errors are RFC 9457 problem+json.',
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
