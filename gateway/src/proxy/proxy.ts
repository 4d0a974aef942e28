import type { Histogram } from 'prom-client'
import { AppError, type Breakers, type Discovery, type Instance } from '@shopfront/kit'
import type { Route } from '../settings.ts'
import {
  dropHopByHop,
  forwardTo,
  notTheInstancesFault,
  UpstreamStatusError,
  UpstreamUnreachableError,
  type UpstreamRequest,
} from './forward.ts'

export interface ProxyOptions {
  discovery: Discovery
  breakers: Breakers
  upstreamDuration?: Histogram
}

/** Where a proxied request went, for its access-log line. */
export interface Attempted {
  /** The instance that answered (or was tried last). */
  upstream?: string
  attempt?: number
}

const retryableMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/**
 * Proxies a request to a healthy instance of the route's service: round robin, each
 * instance behind its own breaker (an instance that refuses connections is ejected at
 * once), no instance -> 503 with Retry-After at once. Only idempotent requests without a
 * body are retried, on another instance, and only when the first could not be reached or
 * answered 502/503; never a POST. No headers within the timeout -> 504. Resolves with the
 * upstream's own response (its headers ours to change), so the body streams through.
 */
export function createProxy({ discovery, breakers, upstreamDuration }: ProxyOptions) {
  const timerFor = keptChildren(upstreamDuration)
  // the gateway's own breakers, apart from those of its service clients (which run another
  // action); kept per instance object (discovery makes new ones when the registry changes)
  const breakerOf = new WeakMap<Instance, ReturnType<typeof breakers.get<Parameters<typeof forwardTo>, Response>>>()
  const breakerFor = (instance: Instance) => {
    let breaker = breakerOf.get(instance)
    if (!breaker) {
      breaker = breakers.get(`proxy:${instance.service}@${instance.id}`, forwardTo, {
        errorFilter: notTheInstancesFault,
      })
      breakerOf.set(instance, breaker)
    }
    return breaker
  }
  return async (
    request: UpstreamRequest,
    route: Route,
    { timeoutMs, retries }: { timeoutMs: number; retries: number },
    attempted: Attempted = {},
  ): Promise<Response> => {
    const mayRetry = retryableMethods.has(request.method) && request.body === null
    const tried = new Set<string>()
    const avoid = (i: Instance) => tried.has(i.id) || breakerFor(i).opened
    let failure: Response | AppError | undefined
    // the first request for a service waits for discovery's first answer (then it is in memory)
    if (discovery.instances(route.service).length === 0) await discovery.ready(route.service, 2000)

    for (let attempt = 0; attempt <= retries; attempt++) {
      const instance = discovery.pick(route.service, avoid)
      if (!instance || avoid(instance)) break
      tried.add(instance.id)
      const breaker = breakerFor(instance)
      const started = performance.now()
      const observe = (status: number | string) =>
        timerFor?.(route.prefix, route.service, instance.id, String(status)).observe(
          (performance.now() - started) / 1000,
        )
      attempted.upstream = instance.id
      attempted.attempt = attempt + 1
      try {
        const res = await breaker.fire(instance, request, timeoutMs)
        observe(res.status)
        dropHopByHop(res.headers)
        return res
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
      dropHopByHop(failure.headers)
      return failure
    }
    throw (
      failure ??
      new AppError('unavailable', `No healthy instance of ${route.service} is available right now.`, { retryAfter: 2 })
    )
  }
}

/** A child per label set, kept: no labels object built and checked again for each observation (prom-client still hashes them each time). */
function keptChildren(histogram: Histogram | undefined) {
  if (!histogram) return undefined
  const children = new Map<string, { observe(value: number): void }>()
  return (route: string, service: string, instance: string, status: string) => {
    const key = `${route}\u0000${instance}\u0000${status}`
    let child = children.get(key)
    if (!child) {
      child = histogram.labels({ route, service, instance, status })
      children.set(key, child)
    }
    return child
  }
}
