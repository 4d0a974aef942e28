import { AppError, type Logger } from '@shopfront/kit'
import type { Counter } from 'prom-client'
import type { HeaderList } from '../cors.ts'
import type { RateLimitStore } from './stores.ts'

export interface RateClass {
  anonymous: number
  user: number
  windowSeconds: number
}

/**
 * Counts a request against its class, per user when signed in and per client IP
 * otherwise, and adds the IETF RateLimit-Policy and RateLimit headers to `reply` (they
 * go on the answer, a 429 included). Over the limit:
 * a 429 problem with Retry-After. The store failing (Redis down) lets the request through:
 * an outage of the counter must not become an outage of the shop.
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
  return async (reply: HeaderList, name: string, rateClass: RateClass, who: { userId?: string; ip: string }) => {
    const limit = who.userId ? rateClass.user : rateClass.anonymous
    const key = `${name}:${who.userId ? `u:${who.userId}` : `ip:${who.ip}`}`
    let hit: Awaited<ReturnType<RateLimitStore['hit']>>
    try {
      hit = await store.hit(key, rateClass.windowSeconds * 1000)
    } catch (err) {
      storeErrors?.inc()
      if (Date.now() - lastWarned > 10_000) {
        lastWarned = Date.now()
        logger.warn('rate limit store unavailable; letting requests through', { error: (err as Error).message })
      }
      return
    }
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
  }
}
