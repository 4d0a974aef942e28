import Redis from 'ioredis'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createGatewayApp } from './app.ts'
import { memoryStore, redisStore } from './rate-limit/stores.ts'
import { gatewaySettings } from './settings.ts'

runMain(async () => {
  const redisUrl = process.env.REDIS_URL || undefined
  const rateLimitStore = redisUrl ? await connectRedisStore(redisUrl) : memoryStore()
  const { shutdown } = await bootService({
    name: 'gateway',
    schema: gatewaySettings,
    createApp: (deps) => createGatewayApp({ ...deps, rateLimitStore }),
  })
  exitOnSignals(async () => {
    await shutdown()
    await rateLimitStore.close()
  })
})

/** Counters in Redis; waits (a little) for the first connection, so requests right after start are counted rather than let through. */
async function connectRedisStore(url: string) {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    commandTimeout: 100,
    retryStrategy: (n) => Math.min(n * 200, 2000),
  })
  redis.on('error', () => {})
  await Promise.race([new Promise((resolve) => redis.once('ready', resolve)), Bun.sleep(2000)])
  return redisStore(redis)
}
