import type { Server } from 'bun'
import type { Counter, Histogram } from 'prom-client'
import {
  AppError,
  endServerSpan,
  finishHeaders,
  limitedRequest,
  logRequest,
  problemFor,
  requestIdOf,
  serverSpan,
  type TraceContext,
  type Breakers,
  type Discovery,
  type LiveConfig,
  type Logger,
  type Metrics,
  type PublishedCopies,
  type ServiceClient,
} from '@shopfront/kit'
import { addHeaders, type Cors, type HeaderList } from '../cors.ts'
import { createEdgeAuth } from '../edge-auth.ts'
import { createRateLimiter } from '../rate-limit/rate-limit.ts'
import type { RateLimitStore } from '../rate-limit/stores.ts'
import { apiMethods, type GatewaySettings, type Route } from '../settings.ts'
import { createClientIp } from './client-ip.ts'
import { upstreamHeaders } from './forward.ts'
import { asHtmlPage, wantsHtml } from './html-problem.ts'
import { createProxy, type Attempted } from './proxy.ts'
import { createRouteTable, isForbiddenPath, normalizePath } from './route-table.ts'

export interface ProxyHandlerDeps {
  config: LiveConfig<GatewaySettings>
  logger: Logger
  metrics: Metrics
  discovery: Discovery
  breakers: Breakers
  client(service: string): ServiceClient
  /** The signer's keys and revocations as it published them in the registry, for while it is away. */
  published?: PublishedCopies
  rateLimitStore: RateLimitStore
  cors: Cors
  upstreamDuration: Histogram
  storeErrors: Counter
}

/** The methods the API takes, and the Allow header of a 405 for any other. */
const knownMethods = new Set<string>(apiMethods)
const allowed = apiMethods.join(', ')

/**
 * Every request that is not the gateway's own, as a plain Bun fetch handler: request id,
 * CORS, body limit, route, auth at the edge, rate limit, proxy; then the answer's headers,
 * the metric and the access-log line. The gateway's own refusals are problem+json, or a
 * page for a browser asking for one. It does what the kit's service app does for every
 * request, inline: a framework layer per request costs the proxy about a quarter of its throughput.
 */
export function createProxyHandler(deps: ProxyHandlerDeps) {
  const { config, logger, metrics, cors } = deps
  const routeFor = createRouteTable()
  const authorize = createEdgeAuth(deps.client, deps.published)
  const limit = createRateLimiter({ store: deps.rateLimitStore, logger, storeErrors: deps.storeErrors })
  const clientIp = createClientIp()
  const proxy = createProxy({
    discovery: deps.discovery,
    breakers: deps.breakers,
    upstreamDuration: deps.upstreamDuration,
  })

  const forward = async (
    req: Request,
    server: Server<undefined> | undefined,
    { path, pathAndQuery, proto, host, invalid }: RequestUrl,
    { requestId, trace }: { requestId: string; trace: TraceContext },
    reply: HeaderList,
    attempted: Attempted & { route?: Route },
  ) => {
    if (invalid)
      throw new AppError('validation', 'The path has an encoded "/" or "\\", a NUL, a bad escape or a dot segment.')
    // TRACE (which could echo credentials back), CONNECT and the like go no further than here
    if (!knownMethods.has(req.method)) {
      reply.push(['allow', allowed])
      throw new AppError('method_not_allowed', `${req.method} is not a method of this API; it takes ${allowed}.`)
    }
    if (cors.isPreflight(req)) return cors.preflight(req)
    const settings = config.current
    const { gateway } = settings
    const limited = limitedRequest(req, gateway.maxBodyBytes)
    const route = isForbiddenPath(path) ? undefined : routeFor(gateway.routes, req.method, path)
    if (!route) throw new AppError('not_found', `No route for ${req.method} ${path}.`)
    attempted.route = route
    const authorization = req.headers.get('authorization') ?? undefined
    const principal =
      authorization === undefined && route.access === 'public'
        ? undefined
        : await authorize(authorization, route, settings)
    // the socket's address, not a header the client could have written (unless the socket is a trusted proxy)
    const ip = clientIp(
      server?.requestIP(req)?.address ?? 'unknown',
      req.headers.get('x-forwarded-for'),
      gateway.trustedProxies,
    )
    // settings only name classes that exist (checked when they load)
    const rate = route.rateLimit === 'none' ? undefined : gateway.rateLimits[route.rateLimit]
    // a class that counts refusals only gives the request back once its answer says it was none
    const counted = rate && (await limit(reply, route.rateLimit, rate, { userId: principal?.id, ip }))
    const headers = upstreamHeaders(req.headers, {
      ip,
      proto,
      host: req.headers.get('host') ?? host,
      requestId,
      trace,
      stripped: gateway.strippedHeaders,
    })
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : limited.body
    const answer = proxy(
      { method: req.method, pathAndQuery, headers, body },
      route,
      { timeoutMs: route.timeoutMs ?? gateway.upstreamTimeoutMs, retries: gateway.retries },
      attempted,
    )
    return counted ? settled(answer, counted) : answer
  }

  return async (req: Request, server?: Server<undefined>, url = splitUrl(req.url)): Promise<Response> => {
    const started = performance.now()
    const requestId = requestIdOf(req.headers)
    const { path } = url
    const span = serverSpan(req, path)
    const reply = cors.headersFor(req.headers.get('origin'))
    const attempted: Attempted & { route?: Route } = {}
    let res: Response
    try {
      res = await forward(req, server, url, { requestId, trace: span.trace }, reply, attempted)
    } catch (err) {
      res = problemFor(err, { path, requestId, logger })
      if (wantsHtml(req.headers.get('accept'))) res = await asHtmlPage(res, requestId)
    }
    finishHeaders(res.headers, requestId)
    addHeaders(res.headers, reply)
    const ms = performance.now() - started
    const route = attempted.route?.prefix ?? '(unmatched)'
    // a proxied request is measured, per instance, by gateway_upstream_duration_seconds
    if (!attempted.upstream)
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.status) }, ms / 1000)
    const { upstream, attempt } = attempted
    const { traceId } = span.trace
    const line = { requestId, traceId, method: req.method, path, route, status: res.status, ms, upstream, attempt }
    endServerSpan(span, line)
    logRequest(logger, line)
    return res
  }
}

/** The service's answer, with `counted` told its status (502 when the service gave none: down, or too slow). */
async function settled(answer: Promise<Response>, counted: (status: number) => Promise<void>) {
  let status = 502
  try {
    const res = await answer
    status = res.status
    return res
  } finally {
    await counted(status)
  }
}

export interface RequestUrl {
  proto: string
  host: string
  path: string
  pathAndQuery: string
  /** The path must be refused (see normalizePath); `path` is then the raw one. */
  invalid?: true
  /** Normalizing changed the path: the request's own URL is not the one to route. */
  rewritten?: true
}

/**
 * The parts of a request URL (as Bun hands it over: absolute) the gateway needs, without
 * parsing a URL object. The path is normalized (`normalizePath`) once, here, for
 * everything after.
 */
export function splitUrl(url: string): RequestUrl {
  const colon = url.indexOf(':')
  const hostStart = colon + 3
  let start = url.indexOf('/', hostStart)
  if (start < 0) start = url.length
  const raw = url.slice(start) || '/'
  const query = raw.indexOf('?')
  const rawPath = query < 0 ? raw : raw.slice(0, query)
  const path = normalizePath(rawPath)
  const parts = { proto: url.slice(0, colon), host: url.slice(hostStart, start) }
  if (path === undefined) return { ...parts, path: rawPath, pathAndQuery: raw, invalid: true }
  if (path === rawPath) return { ...parts, path, pathAndQuery: raw }
  return { ...parts, path, pathAndQuery: path + (query < 0 ? '' : raw.slice(query)), rewritten: true }
}
