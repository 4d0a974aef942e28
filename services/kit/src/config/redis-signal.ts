import Redis from 'ioredis'
import type { Logger } from '../logger.ts'
import type { ChangeSignal } from './live-config.ts'

export const configChannel = 'shopfront:config-changed'

/**
 * Config change push over Redis pub/sub: the config server publishes the new version,
 * every service refreshes at once instead of at its next poll. Redis being down only
 * costs the push; polling still carries every change.
 */
export function redisChangeSignal(url: string, logger?: Logger): ChangeSignal {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (n) => Math.min(n * 200, 5000),
  })
  redis.on('error', (err) => logger?.debug('redis (config push) unavailable', { error: err.message }))
  return {
    async subscribe(onChange) {
      redis.on('message', (channel) => channel === configChannel && onChange())
      try {
        await redis.connect()
        await redis.subscribe(configChannel)
      } catch (err) {
        logger?.warn('config push over Redis is off; polling only', { error: (err as Error).message })
      }
    },
    async close() {
      redis.disconnect()
    },
  }
}

/** The config server's side: announce a new version. */
export function redisChangePublisher(url: string, logger?: Logger) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false })
  redis.on('error', (err) => logger?.debug('redis (config push) unavailable', { error: err.message }))
  const ready = redis.connect().catch(() => {})
  return {
    async publish(version: string) {
      await ready
      await redis
        .publish(configChannel, version)
        .catch((err) => logger?.warn('could not publish config change', { error: err.message }))
    },
    close: () => redis.disconnect(),
  }
}
