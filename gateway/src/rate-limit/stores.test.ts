import Redis from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { findTestRedis } from '@shopfront/kit/testing'
import { memoryStore, type RateLimitStore, redisStore } from './stores.ts'

const redisUrl = await findTestRedis()
const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 0 }) : undefined
afterAll(() => redis?.disconnect())

/** What every store must do: count within a window, and give one back, never below zero. */
async function countsAndReleases(store: RateLimitStore) {
  const key = `test:${crypto.randomUUID()}`
  await store.release(key)
  expect((await store.hit(key, 60_000)).count).toBe(1)
  expect((await store.hit(key, 60_000)).count).toBe(2)
  await store.release(key)
  const hit = await store.hit(key, 60_000)
  expect(hit.count).toBe(2)
  expect(hit.resetMs).toBeGreaterThan(55_000)
  expect(hit.resetMs).toBeLessThanOrEqual(60_000)
  for (let i = 0; i < 3; i++) await store.release(key)
  expect((await store.hit(key, 60_000)).count).toBe(1)
}

it('When the memory store is asked, then it counts per key and gives back', async () => {
  await countsAndReleases(memoryStore())
})

describe.skipIf(!redis)('the Redis store (needs a Redis: REDIS_URL or 127.0.0.1:6379)', () => {
  it('When the Redis store is asked, then it counts per key and gives back, as the memory store does', async () => {
    await countsAndReleases(redisStore(redis as Redis))
  })
})
