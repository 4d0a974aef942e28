import Redis from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { findTestRedis, freePort } from '@shopfront/kit/testing'
import { redisLockout } from './lockout.ts'

const redisUrl = await findTestRedis()
const clients: Redis[] = []
afterAll(() => clients.forEach((c) => c.disconnect()))
const connect = (url: string) => {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: false })
  redis.on('error', () => {})
  clients.push(redis)
  return redis
}

describe.skipIf(!redisUrl)('sign-in lockout in Redis (needs a Redis: REDIS_URL or 127.0.0.1:6379)', () => {
  it('When a key reaches its limit, then it is locked for the window, on every instance; clearing unlocks it', async () => {
    const key = `ip:test-${crypto.randomUUID()}`
    const one = redisLockout(connect(redisUrl!))
    const other = redisLockout(connect(redisUrl!))
    await one.fail(key, 3, 60)
    await other.fail(key, 3, 60)
    expect(await one.lockedFor(key)).toBe(0)
    await one.fail(key, 3, 60)
    expect(await other.lockedFor(key)).toBeGreaterThan(55)
    await other.clear(key)
    expect(await one.lockedFor(key)).toBe(0)
  })
})

describe('sign-in lockout when Redis is down', () => {
  it('When Redis cannot be reached, then nothing is locked and the failure is reported, not thrown', async () => {
    const errors: string[] = []
    const lockout = redisLockout(connect(`redis://127.0.0.1:${freePort()}`), (err) => errors.push(err.message))
    await lockout.fail('ip:x', 1, 60)
    expect(await lockout.lockedFor('ip:x')).toBe(0)
    expect(errors.length).toBeGreaterThan(0)
  })
})
