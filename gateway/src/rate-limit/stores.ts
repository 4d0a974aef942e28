import type Redis from 'ioredis'

export interface Hit {
  /** Requests counted in the current window, this one included. */
  count: number
  /** Milliseconds until the window resets. */
  resetMs: number
}

export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<Hit>
  /** Takes one back from the count (a request that turned out not to count). */
  release(key: string): Promise<void>
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
    async release(key) {
      const w = windows.get(key)
      if (w && w.count > 0 && w.resetAt > now()) w.count -= 1
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

// one back, never below zero, and never making a count the window already dropped
const releaseScript = `
local count = tonumber(redis.call('GET', KEYS[1]))
if count and count > 0 then redis.call('DECR', KEYS[1]) end
return 1`

/** Fixed-window counters in Redis, shared by every gateway replica. */
export function redisStore(redis: Redis): RateLimitStore {
  redis.defineCommand('shopfrontHit', { numberOfKeys: 1, lua: hitScript })
  redis.defineCommand('shopfrontRelease', { numberOfKeys: 1, lua: releaseScript })
  const scripts = redis as unknown as {
    shopfrontHit(key: string, windowMs: number): Promise<[number, number]>
    shopfrontRelease(key: string): Promise<number>
  }
  return {
    async hit(key, windowMs) {
      const [count, ttl] = await scripts.shopfrontHit(`ratelimit:${key}`, windowMs)
      return { count, resetMs: ttl }
    },
    async release(key) {
      await scripts.shopfrontRelease(`ratelimit:${key}`)
    },
    close: () => void redis.disconnect(),
  }
}
