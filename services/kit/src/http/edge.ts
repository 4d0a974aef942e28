import { type RequestContext, runWithRequestContext } from '../context.ts'
import type { MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { readTraceparent, type Span, startSpan, unrecordedSpan } from '../tracing.ts'
import { limitBody } from './body-limit.ts'
import { problemResponse } from './problems.ts'

/** Helmet's defaults, as hono/secure-headers sets them, computed once rather than per request. */
export const securityHeaders: [string, string][] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
]

const validRequestId = /^[\w\-.:]{1,128}$/

/** The caller's X-Request-Id when it is sane (it goes into every log line and hop), else a new one. */
export function requestIdOf(headers: Headers): string {
  const incoming = headers.get('x-request-id')
  return incoming && validRequestId.test(incoming) ? incoming : crypto.randomUUID()
}

/** Health probes and scrapes: no access-log line, no recorded span. */
const isProbe = (path: string) => path.startsWith('/health') || path === '/metrics'

/**
 * The server span of a request: a child of the caller's span (`traceparent`), or the first
 * of a new trace. A probe's is never recorded.
 */
export function serverSpan(req: Request, path: string) {
  const parent = readTraceparent(req.headers)
  return isProbe(path) ? unrecordedSpan(parent) : startSpan('server', req.method, parent)
}

/** Ends a request's server span, named and described by its route and answer (a 5xx failed). */
export function endServerSpan(span: Span, req: { method: string; path: string; route: string; status: number }) {
  if (!span.recorded) return
  span.end({
    name: `${req.method} ${req.route}`,
    attributes: {
      'http.request.method': req.method,
      'http.route': req.route,
      'url.path': req.path,
      'http.response.status_code': req.status,
    },
    ...(req.status >= 500 ? { error: String(req.status) } : {}),
  })
}

/**
 * Sets the request id and the security headers on an answer. A response from another
 * Shopfront app (through the gateway) has the security headers already: one look instead of eleven.
 */
export function finishHeaders(headers: Headers, requestId: string) {
  headers.set('X-Request-Id', requestId)
  if (!headers.has('X-Content-Type-Options'))
    for (const [name, value] of securityHeaders) if (!headers.has(name)) headers.set(name, value)
}

/**
 * The access-log line of one request, its duration `ms` to a tenth; health probes and
 * scrapes stay out, a 304 (a config poll) is debug.
 */
export function logRequest(
  logger: Logger,
  fields: {
    requestId: string
    traceId: string
    method: string
    path: string
    route: string
    status: number
    ms: number
    [more: string]: unknown
  },
) {
  if (isProbe(fields.path)) return
  fields.ms = Math.round(fields.ms * 10) / 10 // the fields are the caller's fresh literal: no copy on the hot path
  logger[fields.status === 304 ? 'debug' : 'info']('request', fields)
}

/**
 * What every request gets, in one middleware rather than four (each async layer costs a
 * proxy about 6% of its throughput): an X-Request-Id and a server span (W3C trace context)
 * on the context, the request id on the response, the request histogram by route and
 * status, one JSON access-log line, security headers, and the body size limit.
 */
export function edge({
  logger,
  metrics,
  maxBodyBytes,
  largerBodies,
}: {
  logger: Logger
  metrics?: Metrics
  maxBodyBytes: number
  /** Path prefixes that take larger bodies (uploads), and how large. */
  largerBodies?: Record<string, number>
}): MiddlewareHandler {
  const larger = Object.entries(largerBodies ?? {})
  const limitOf = (path: string) => larger.find(([prefix]) => path.startsWith(prefix))?.[1] ?? maxBodyBytes
  return async (c, next) => {
    const started = performance.now()
    const requestId = requestIdOf(c.req.raw.headers)
    const span = serverSpan(c.req.raw, c.req.path)
    c.set('requestId', requestId)
    let refused: unknown
    try {
      limitBody(c, larger.length ? limitOf(c.req.path) : maxBodyBytes)
    } catch (err) {
      refused = err
    }
    // a refused body still gets its request id, headers and log line
    if (refused) c.res = problemResponse(c, refused, logger)
    const context: RequestContext = { requestId, trace: span.trace }
    if (!refused) await runWithRequestContext(context, next)
    finishHeaders(c.res.headers, requestId)
    const ms = performance.now() - started
    const status = c.res.status
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path ?? '(unmatched)'
    metrics?.httpDuration.observe({ method: c.req.method, route, status: String(status) }, ms / 1000)
    const line = { requestId, traceId: span.trace.traceId, method: c.req.method, path: c.req.path, route, status, ms }
    endServerSpan(span, line)
    logRequest(logger, context.caller ? { ...line, caller: context.caller } : line)
  }
}
