import Redis from 'ioredis'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createGatewayApp } from './app.ts'
import { memoryStore, redisStore } from './rate-limit/stores.ts'
import { gatewaySettings } from './settings.ts'

runMain(async () => {
  const redisUrl = process.env.REDIS_URL || undefined
  const rateLimitStore = redisUrl
    ? redisStore(new Redis(redisUrl, { maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: 100, retryStrategy: (n) => Math.min(n * 200, 2000) }).on('error', () => {}))
    : memoryStore()
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
