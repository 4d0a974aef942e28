import type Redis from 'ioredis'
import type { Sql } from 'postgres'

/**
 * Failed sign-ins counted per key (`account:<id>`, `ip:<address>`) in fixed windows: a key
 * that reaches its limit is locked out for a window. In Redis when configured (one atomic
 * round trip), in the database otherwise; every instance shares either.
 */
export interface Lockout {
  /** Seconds left while `key` is locked out, else 0. */
  lockedFor(key: string): Promise<number>
  fail(key: string, limit: number, windowSeconds: number): Promise<void>
  clear(key: string): Promise<void>
}

export function databaseLockout(sql: Sql): Lockout {
  return {
    async lockedFor(key) {
      const [row] = await sql`SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds FROM login_failures WHERE key = ${key} AND locked_until > now()`
      return row ? Math.max(1, row.seconds) : 0
    },
    async fail(key, limit, windowSeconds) {
      await sql`
        INSERT INTO login_failures AS f (key, failures, window_start, locked_until)
        VALUES (${key}, 1, now(), CASE WHEN ${limit} <= 1 THEN now() + ${windowSeconds} * interval '1 second' END)
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN f.window_start > now() - ${windowSeconds} * interval '1 second' THEN f.failures + 1 ELSE 1 END,
          window_start = CASE WHEN f.window_start > now() - ${windowSeconds} * interval '1 second' THEN f.window_start ELSE now() END,
          locked_until = CASE
            WHEN (CASE WHEN f.window_start > now() - ${windowSeconds} * interval '1 second' THEN f.failures + 1 ELSE 1 END) >= ${limit}
            THEN now() + ${windowSeconds} * interval '1 second' ELSE f.locked_until END`
    },
    async clear(key) {
      await sql`DELETE FROM login_failures WHERE key = ${key}`
    },
  }
}

const failScript = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count >= tonumber(ARGV[1]) then redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) end
return count`

/** Redis down: sign-ins go on unthrottled (fail open, reported through `onError`) rather than fail. */
export function redisLockout(redis: Redis, onError: (err: Error) => void = () => {}): Lockout {
  redis.defineCommand('shopfrontLoginFail', { numberOfKeys: 2, lua: failScript })
  const fails = (key: string) => `login:fails:${key}`
  const locked = (key: string) => `login:locked:${key}`
  const open = <T>(fallback: T) => (err: Error) => (onError(err), fallback)
  return {
    async lockedFor(key) {
      const ms = await redis.pttl(locked(key)).catch(open(0))
      return ms > 0 ? Math.ceil(ms / 1000) : 0
    },
    async fail(key, limit, windowSeconds) {
      await (redis as unknown as { shopfrontLoginFail(a: string, b: string, limit: number, ms: number): Promise<number> })
        .shopfrontLoginFail(fails(key), locked(key), limit, windowSeconds * 1000)
        .catch(open(0))
    },
    async clear(key) {
      await redis.del(fails(key), locked(key)).catch(open(0))
    },
  }
}
