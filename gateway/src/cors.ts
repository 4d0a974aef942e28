import type { MiddlewareHandler } from 'hono'

const allowMethods = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'
const allowHeaders = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id'
const exposeHeaders = 'X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, Location'

export type HeaderList = [string, string][]

/**
 * CORS for the origins on the live allowlist, with credentials. Browsers always send
 * Origin, so a request without one costs nothing here. A preflight (OPTIONS with
 * Access-Control-Request-Method) is answered by the gateway itself, never proxied; an
 * origin not on the list gets no CORS headers, so the browser refuses it.
 *
 * @example
 *   const cors = createCors(() => config.current.gateway.cors)
 *   const extra = cors.headersFor(req.headers.get('origin'))
 */
export function createCors(settings: () => { allowOrigins: string[]; maxAgeSeconds: number }) {
  const headersFor = (origin: string | null): HeaderList => {
    if (origin === null) return []
    // the answer depends on the origin: caches must keep one per origin
    if (!settings().allowOrigins.includes(origin)) return [['Vary', 'Origin']]
    return [
      ['Access-Control-Allow-Origin', origin],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Expose-Headers', exposeHeaders],
      ['Vary', 'Origin'],
    ]
  }
  const isPreflight = (req: Request) =>
    req.method === 'OPTIONS' && req.headers.has('origin') && req.headers.has('access-control-request-method')
  /** The answer to a preflight: what may be sent, for how long; `headersFor` adds the rest, as to any answer. */
  const preflight = (req: Request): Response => {
    const allowed = settings().allowOrigins.includes(req.headers.get('origin') ?? '')
    const headers: HeaderList = allowed
      ? [
          ['Access-Control-Max-Age', String(settings().maxAgeSeconds)],
          ['Access-Control-Allow-Methods', allowMethods],
          ['Access-Control-Allow-Headers', allowHeaders],
        ]
      : []
    return new Response(null, { status: 204, headers })
  }
  /** The same rules as a Hono middleware, for the gateway's own endpoints. */
  const middleware: MiddlewareHandler = async (c, next) => {
    const origin = c.req.raw.headers.get('origin')
    if (origin === null) return next()
    if (isPreflight(c.req.raw)) c.res = preflight(c.req.raw)
    else await next()
    addHeaders(c.res.headers, headersFor(origin))
  }
  return { headersFor, isPreflight, preflight, middleware }
}

export type Cors = ReturnType<typeof createCors>

/** Adds headers to an answer; Vary is added to, never replaced (the upstream may vary on more). */
export function addHeaders(headers: Headers, list: HeaderList) {
  for (const [name, value] of list) {
    if (name === 'Vary') headers.append(name, value)
    else headers.set(name, value)
  }
}
