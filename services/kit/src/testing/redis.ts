import Redis from 'ioredis'

/**
 * The Redis for tests: TEST_REDIS_URL or REDIS_URL, else a Redis on 127.0.0.1:6379 if one
 * answers; undefined when none runs (the Redis-backed tests then skip and say why).
 */
export async function findTestRedis(): Promise<string | undefined> {
  const url = process.env.TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379'
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
    return url
  } catch {
    if (process.env.TEST_REDIS_URL || process.env.REDIS_URL) throw new Error(`the Redis at ${url} does not answer`)
    return undefined
  } finally {
    redis.disconnect()
  }
}
