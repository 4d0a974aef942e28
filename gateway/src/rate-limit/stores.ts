import type Redis from 'ioredis'

export interface Hit {
  /** Requests counted in the current window, this one included. */
  count: number
  /** Milliseconds until the window resets. */
  resetMs: number
}

export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<Hit>
  /** The count so far, without counting this request. */
  peek(key: string, windowMs: number): Promise<Hit>
  close(): Promise<void> | void
}

/** Fixed-window counters in this process: right for one gateway, not shared between replicas. */
export function memoryStore(now: () => number = Date.now): RateLimitStore {
  const windows = new Map<string, { count: number; resetAt: number }>()
  const sweep = setInterval(() => {
    const t = now()
    for (const [key, w] of windows) if (w.resetAt <= t) windows.delete(key)
  }, 30_000)
  sweep.unref()
  return {
    async hit(key, windowMs) {
      const t = now()
      let w = windows.get(key)
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + windowMs }
        windows.set(key, w)
      }
      w.count += 1
      return { count: w.count, resetMs: w.resetAt - t }
    },
    async peek(key, windowMs) {
      const t = now()
      const w = windows.get(key)
      return w && w.resetAt > t ? { count: w.count, resetMs: w.resetAt - t } : { count: 0, resetMs: windowMs }
    },
    close: () => clearInterval(sweep),
  }
}

// INCR and set the window's expiry on first use, in one atomic round trip
const hitScript = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }`

// the count and its window's time left, counting nothing
const peekScript = `
local count = tonumber(redis.call('GET', KEYS[1])) or 0
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = tonumber(ARGV[1]) end
return { count, ttl }`

/** Fixed-window counters in Redis, shared by every gateway replica. */
export function redisStore(redis: Redis): RateLimitStore {
  redis.defineCommand('shopfrontHit', { numberOfKeys: 1, lua: hitScript })
  redis.defineCommand('shopfrontPeek', { numberOfKeys: 1, lua: peekScript })
  type Scripts = Record<'shopfrontHit' | 'shopfrontPeek', (key: string, windowMs: number) => Promise<[number, number]>>
  const scripts = redis as unknown as Scripts
  return {
    async hit(key, windowMs) {
      const [count, ttl] = await scripts.shopfrontHit(`ratelimit:${key}`, windowMs)
      return { count, resetMs: ttl }
    },
    async peek(key, windowMs) {
      const [count, ttl] = await scripts.shopfrontPeek(`ratelimit:${key}`, windowMs)
      return { count, resetMs: ttl }
    },
    close: () => void redis.disconnect(),
  }
}
