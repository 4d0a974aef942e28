import type Redis from 'ioredis'
import { deleteUpTo, type PostgresJsDatabase, secondsAgo } from '@shopfront/kit'
import { and, eq, gt, lte, sql } from 'drizzle-orm'
import { loginFailures } from '../db/schema.ts'

/**
 * Failed sign-ins per key (`pair:<e-mail>|<address>`, `unknown:<address>`): how many
 * within a window that slides from the last one, and how long ago that was. In Redis when
 * configured (one atomic round trip), in the database otherwise; every instance shares
 * either. `signInThrottle` turns the counts into delays.
 */
export interface FailureLog {
  read(key: string, windowSeconds: number): Promise<{ count: number; ageMs: number }>
  fail(key: string, windowSeconds: number): Promise<void>
  clear(key: string): Promise<void>
}

const none = { count: 0, ageMs: Number.POSITIVE_INFINITY }

export function databaseFailureLog(db: PostgresJsDatabase): FailureLog {
  const recent = (windowSeconds: number) => gt(loginFailures.lastFailureAt, secondsAgo(windowSeconds))
  return {
    async read(key, windowSeconds) {
      const [row] = await db
        .select({
          failures: loginFailures.failures,
          ageMs: sql`extract(epoch FROM now() - ${loginFailures.lastFailureAt}) * 1000`.mapWith(Number),
        })
        .from(loginFailures)
        .where(and(eq(loginFailures.key, key), recent(windowSeconds)))
      return row ? { count: row.failures, ageMs: row.ageMs } : none
    },
    async fail(key, windowSeconds) {
      await db
        .insert(loginFailures)
        .values({ key, failures: 1, lastFailureAt: sql`now()` })
        .onConflictDoUpdate({
          target: loginFailures.key,
          set: {
            failures: sql`CASE WHEN ${recent(windowSeconds)} THEN ${loginFailures.failures} + 1 ELSE 1 END`,
            lastFailureAt: sql`now()`,
          },
        })
    },
    async clear(key) {
      await db.delete(loginFailures).where(eq(loginFailures.key, key))
    },
  }
}

/** Deletes up to `size` failure counts older than the window (no read counts them any more); how many went. */
export function sweepLoginFailures(db: PostgresJsDatabase, windowSeconds: number, size: number) {
  const forgotten = lte(loginFailures.lastFailureAt, secondsAgo(windowSeconds))
  return deleteUpTo(db, loginFailures, loginFailures.key, forgotten, size)
}

const failScript = `
redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'last', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`

/** Redis down: sign-ins go on unthrottled (fail open, reported through `onError`) rather than fail. */
export function redisFailureLog(redis: Redis, onError: (err: Error) => void = () => {}): FailureLog {
  redis.defineCommand('shopfrontLoginFail', { numberOfKeys: 1, lua: failScript })
  const name = (key: string) => `login:fails:${key}`
  const open =
    <T>(fallback: T) =>
    (err: Error) => {
      onError(err)
      return fallback
    }
  return {
    async read(key) {
      const [n, last] = await redis.hmget(name(key), 'n', 'last').catch(open([null, null]))
      return n && last ? { count: Number(n), ageMs: Date.now() - Number(last) } : none
    },
    async fail(key, windowSeconds) {
      await (redis as unknown as { shopfrontLoginFail(key: string, now: number, ms: number): Promise<number> })
        .shopfrontLoginFail(name(key), Date.now(), windowSeconds * 1000)
        .catch(open(0))
    },
    async clear(key) {
      await redis.del(name(key)).catch(open(0))
    },
  }
}

export interface ThrottleSettings {
  /** Failures of one account from one address before each next try must wait (1 s, doubling). */
  maxFailures: number
  /** Failures for accounts that do not exist from one address before that address is refused such tries. */
  maxFailuresPerIp: number
  /** The window the counts live in, and the longest wait. */
  minutes: number
}

/**
 * Sign-in throttling that slows guessing without locking the owner out. Each (account,
 * address) pair may fail `maxFailures` times; after that every try waits twice as long
 * as the last (1 s, 2 s, 4 s ... up to `minutes`), checked before the password, so
 * guessing through the wait gains nothing. Another address (the owner's) is not slowed.
 * An address that keeps failing for accounts that do not exist (credential stuffing,
 * probing) is refused for every try that is not a right password, so it learns nothing
 * about which accounts exist, while someone who knows their password still signs in.
 */
export function signInThrottle(log: FailureLog, settings: () => ThrottleSettings) {
  const window = () => settings().minutes * 60
  const pairKey = (email: string, ip: string) => `pair:${email}|${ip}`
  return {
    /** Seconds the pair must still wait before its next try, or 0. */
    async waitFor(email: string, ip: string) {
      const { count, ageMs } = await log.read(pairKey(email, ip), window())
      if (count < settings().maxFailures) return 0
      const delayMs = Math.min(1000 * 2 ** (count - settings().maxFailures), window() * 1000)
      return Math.max(0, Math.ceil((delayMs - ageMs) / 1000))
    },
    /** Seconds this address is refused wrong sign-ins for, or 0. */
    async addressRefusedFor(ip: string) {
      const { count, ageMs } = await log.read(`unknown:${ip}`, window())
      return count >= settings().maxFailuresPerIp ? Math.max(1, Math.ceil(window() - ageMs / 1000)) : 0
    },
    async failed(email: string, ip: string, { accountExists }: { accountExists: boolean }) {
      await log.fail(pairKey(email, ip), window())
      if (!accountExists) await log.fail(`unknown:${ip}`, window())
    },
    succeeded: (email: string, ip: string) => log.clear(pairKey(email, ip)),
  }
}

export type SignInThrottle = ReturnType<typeof signInThrottle>
