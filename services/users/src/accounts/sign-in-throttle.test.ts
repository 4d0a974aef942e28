import Redis from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { connectDatabase, migrateDatabase } from '@shopfront/kit'
import { createTestDatabase, findTestRedis, freePort } from '@shopfront/kit/testing'
import { join } from 'node:path'
import { databaseFailureLog, redisFailureLog, signInThrottle, type FailureLog } from './sign-in-throttle.ts'

const redisUrl = await findTestRedis()
const clients: Redis[] = []
const testDb = await createTestDatabase('throttle')
const database = await connectDatabase(testDb.url, { max: 2 })
await migrateDatabase(database, join(import.meta.dirname, '../../drizzle'))
afterAll(async () => {
  for (const c of clients) c.disconnect()
  await database.close()
  await testDb.drop()
})
const connect = (url: string) => {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: false })
  redis.on('error', () => {})
  clients.push(redis)
  return redis
}
const settings = () => ({ maxFailures: 2, maxFailuresPerIp: 3, minutes: 15 })

function throttleContract(name: string, makeLog: () => FailureLog) {
  describe(`sign-in throttling over ${name}`, () => {
    it('When one account fails from one address past its allowance, then that pair waits 1 s, then 2 s; another address is not slowed', async () => {
      const log = makeLog()
      const throttle = signInThrottle(log, settings)
      const email = `ann-${crypto.randomUUID()}@example.com`
      await throttle.failed(email, '10.0.0.1', { accountExists: true })
      expect(await throttle.waitFor(email, '10.0.0.1')).toBe(0)
      await throttle.failed(email, '10.0.0.1', { accountExists: true })
      expect(await throttle.waitFor(email, '10.0.0.1')).toBe(1)
      await throttle.failed(email, '10.0.0.1', { accountExists: true })
      expect(await throttle.waitFor(email, '10.0.0.1')).toBe(2)
      expect(await throttle.waitFor(email, '10.0.0.2')).toBe(0)
      expect(await throttle.addressRefusedFor('10.0.0.1')).toBe(0)
      await throttle.succeeded(email, '10.0.0.1')
      expect(await throttle.waitFor(email, '10.0.0.1')).toBe(0)
    })

    it('When one address keeps failing for accounts that do not exist, then it is refused for the window; failures for real accounts do not count', async () => {
      const throttle = signInThrottle(makeLog(), settings)
      const ip = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
      for (let i = 0; i < 5; i++) await throttle.failed(`real-${i}@example.com`, ip, { accountExists: true })
      expect(await throttle.addressRefusedFor(ip)).toBe(0)
      for (let i = 0; i < 3; i++)
        await throttle.failed(`ghost-${i}-${crypto.randomUUID()}@example.com`, ip, { accountExists: false })
      expect(await throttle.addressRefusedFor(ip)).toBeGreaterThan(15 * 60 - 5)
    })
  })
}

throttleContract('the database', () => databaseFailureLog(database.db))
// CI runs Redis (REDIS_URL in .ci/run); elsewhere these need one on 127.0.0.1:6379
if (redisUrl) throttleContract('Redis', () => redisFailureLog(connect(redisUrl)))

describe('sign-in throttling when Redis is down', () => {
  it('When Redis cannot be reached, then nothing is slowed and the failure is reported, not thrown', async () => {
    const errors: string[] = []
    const throttle = signInThrottle(
      redisFailureLog(connect(`redis://127.0.0.1:${freePort()}`), (err: Error) => errors.push(err.message)),
      settings,
    )
    for (let i = 0; i < 4; i++) await throttle.failed('x@example.com', '10.9.9.9', { accountExists: false })
    expect(await throttle.waitFor('x@example.com', '10.9.9.9')).toBe(0)
    expect(errors.length).toBeGreaterThan(0)
  })
})
