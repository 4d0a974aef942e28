import type { Context } from 'hono'
import type { StatusCode } from 'hono/utils/http-status'
import type { Histogram } from 'prom-client'
import { AppError, type Breakers, type Discovery, type Instance } from '@shopfront/kit'
import type { Route } from '../settings.ts'
import { dropHopByHop, forwardTo, notTheInstancesFault, upstreamHeaders, UpstreamStatusError, UpstreamUnreachableError } from './forward.ts'

export interface ProxyOptions {
  discovery: Discovery
  breakers: Breakers
  upstreamDuration?: Histogram
}

const retryableMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/**
 * Proxies a request to a healthy instance of the route's service: round robin, each
 * instance behind its own breaker (an instance that refuses connections is ejected at
 * once), no instance -> 503 with Retry-After at once. Only idempotent requests without a
 * body are retried, on another instance, and only when the first could not be reached or
 * answered 502/503; never a POST. No headers within the timeout -> 504.
 */
// prom-client hashes the labels of every observation; a child per label set, kept, hashes them once
const children = new WeakMap<Histogram, Map<string, { observe(value: number): void }>>()
function timerFor(histogram: Histogram, route: string, service: string, instance: string, status: string) {
  let byLabels = children.get(histogram)
  if (!byLabels) children.set(histogram, (byLabels = new Map()))
  const key = `${route}\u0000${instance}\u0000${status}`
  let child = byLabels.get(key)
  if (!child) byLabels.set(key, (child = histogram.labels({ route, service, instance, status })))
  return child
}

export function createProxy({ discovery, breakers, upstreamDuration }: ProxyOptions) {
  return async (c: Context, route: Route, { stripped, timeoutMs, retries, ip }: { stripped: string[]; timeoutMs: number; retries: number; ip: string }) => {
    const method = c.req.method
    const body = method === 'GET' || method === 'HEAD' ? null : c.req.raw.body
    const mayRetry = retryableMethods.has(method) && body === null
    const url = new URL(c.req.url)
    const request = { method, pathAndQuery: url.pathname + url.search, headers: upstreamHeaders(c, url, ip, stripped), body }
    // the gateway's own breakers, apart from those of its service clients (which run another action)
    const breakerOf = (i: Instance) => `proxy:${route.service}@${i.id}`
    const tried = new Set<string>()
    let failure: Response | AppError | undefined
    // the first request for a service waits for discovery's first answer (then it is in memory)
    if (discovery.instances(route.service).length === 0) await discovery.ready(route.service, 2000)

    for (let attempt = 0; attempt <= retries; attempt++) {
      const instance = discovery.pick(route.service, (i) => tried.has(i.id) || breakers.isOpen(breakerOf(i)))
      if (!instance || tried.has(instance.id) || breakers.isOpen(breakerOf(instance))) break
      tried.add(instance.id)
      const breaker = breakers.get(breakerOf(instance), forwardTo, { errorFilter: notTheInstancesFault })
      const started = performance.now()
      const observe = (status: number | string) =>
        upstreamDuration && timerFor(upstreamDuration, route.prefix, route.service, instance.id, String(status)).observe((performance.now() - started) / 1000)
      c.set('logFields', { service: route.service, upstream: instance.id, attempt: attempt + 1 })
      // gateway_upstream_duration_seconds records this request: the generic request histogram need not
      c.set('measured', true)
      try {
        const res = await breaker.fire(instance, request, timeoutMs)
        observe(res.status)
        return c.newResponse(res.body, { status: res.status as StatusCode, headers: dropHopByHop(res.headers) })
      } catch (err) {
        if (err instanceof UpstreamStatusError) {
          observe(err.response.status)
          failure = err.response
          if (!mayRetry) break
          continue
        }
        if (err instanceof UpstreamUnreachableError) {
          observe(err.reason)
          if (err.reason === 'refused' && !breaker.opened) breaker.open()
          if (err.reason === 'timeout') {
            failure = new AppError('timeout', `${route.service} did not answer within ${timeoutMs} ms.`)
            break
          }
          failure = new AppError('bad_gateway', `${route.service} could not be reached.`)
          if (!mayRetry) break
          continue
        }
        throw err
      }
    }
    if (failure instanceof Response) {
      return c.newResponse(failure.body, { status: failure.status as StatusCode, headers: dropHopByHop(failure.headers) })
    }
    throw failure ?? new AppError('unavailable', `No healthy instance of ${route.service} is available right now.`, { retryAfter: 2 })
  }
}
