import { AppError, type Logger } from '@shopfront/kit'
import type { Counter } from 'prom-client'
import type { HeaderList } from '../cors.ts'
import type { RateLimitStore } from './stores.ts'

export interface RateClass {
  anonymous: number
  user: number
  windowSeconds: number
  /** Count only refusals, answers of 400 to 499 (see the settings). */
  failuresOnly?: boolean
}

type Who = { userId?: string; ip: string }

/**
 * Counts a request against its class, per user when signed in and per client IP
 * otherwise, and adds the IETF RateLimit-Policy and RateLimit headers to `reply` (they
 * go on the answer, a 429 included). Over the limit: a 429 problem with Retry-After. A
 * class that counts failures only counts each request too, as it comes (so a burst is held
 * to the limit like any other), and gives it back unless its answer is a 4xx: the
 * limiter then returns what to call with the answer's status. The store failing (Redis
 * down) lets the request through: an outage of the counter must not become an outage of
 * the shop.
 */
export function createRateLimiter({
  store,
  logger,
  storeErrors,
}: {
  store: RateLimitStore
  logger: Logger
  storeErrors?: Counter
}) {
  let lastWarned = 0
  /** The store's answer, or undefined (and a warning at most every 10 s) when it cannot give one. */
  const ask = async <T>(work: () => Promise<T>) => {
    try {
      return await work()
    } catch (err) {
      storeErrors?.inc()
      if (Date.now() - lastWarned > 10_000) {
        lastWarned = Date.now()
        logger.warn('rate limit store unavailable; letting requests through', { error: (err as Error).message })
      }
      return undefined
    }
  }
  return async (
    reply: HeaderList,
    name: string,
    rateClass: RateClass,
    who: Who,
  ): Promise<((status: number) => Promise<void>) | undefined> => {
    const limit = who.userId ? rateClass.user : rateClass.anonymous
    const key = `${name}:${who.userId ? `u:${who.userId}` : `ip:${who.ip}`}`
    const hit = await ask(() => store.hit(key, rateClass.windowSeconds * 1000))
    if (!hit) return undefined
    const reset = Math.max(1, Math.ceil(hit.resetMs / 1000))
    reply.push(
      ['RateLimit-Policy', `"${name}";q=${limit};w=${rateClass.windowSeconds}`],
      ['RateLimit', `"${name}";r=${Math.max(0, limit - hit.count)};t=${reset}`],
    )
    if (hit.count > limit) {
      throw new AppError(
        'rate_limited',
        `Too many requests: the limit is ${limit} per ${rateClass.windowSeconds} s. Try again in ${reset} s.`,
        { retryAfter: reset },
      )
    }
    if (!rateClass.failuresOnly) return undefined
    return async (status) => {
      // a refusal (4xx) was a wrong try; what worked, or a service that could not answer (5xx), was not
      if (status < 400 || status >= 500) await ask(() => store.release(key))
    }
  }
}
