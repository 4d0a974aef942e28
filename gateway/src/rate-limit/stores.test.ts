import Redis from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { findTestRedis } from '@shopfront/kit/testing'
import { memoryStore, type RateLimitStore, redisStore } from './stores.ts'

const redisUrl = await findTestRedis()
const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 0 }) : undefined
afterAll(() => redis?.disconnect())

/** What every store must do: count within a window, and tell the count without counting. */
async function countsAndPeeks(store: RateLimitStore) {
  const key = `test:${crypto.randomUUID()}`
  expect(await store.peek(key, 60_000)).toEqual({ count: 0, resetMs: 60_000 })
  expect((await store.hit(key, 60_000)).count).toBe(1)
  expect((await store.hit(key, 60_000)).count).toBe(2)
  const peeked = await store.peek(key, 60_000)
  expect(peeked.count).toBe(2)
  expect(peeked.resetMs).toBeGreaterThan(55_000)
  expect(peeked.resetMs).toBeLessThanOrEqual(60_000)
  expect((await store.peek(key, 60_000)).count).toBe(2)
}

it('When the memory store is asked, then it counts per key and peeks without counting', async () => {
  await countsAndPeeks(memoryStore())
})

describe.skipIf(!redis)('the Redis store (needs a Redis: REDIS_URL or 127.0.0.1:6379)', () => {
  it('When the Redis store is asked, then it counts per key and peeks without counting, as the memory store does', async () => {
    await countsAndPeeks(redisStore(redis as Redis))
  })
})
