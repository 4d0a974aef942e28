import { join } from 'node:path'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createProfiles } from './accounts/profile.service.ts'
import Redis from 'ioredis'
import { redisLockout } from './accounts/lockout.ts'
import { createApp } from './app.ts'
import { createSigningKeys } from './keys/signing-keys.ts'
import { usersSettings } from './settings.ts'

runMain(async () => {
  const stops: (() => unknown)[] = []
  const { shutdown } = await bootService({
    name: 'users',
    schema: usersSettings,
    migrationsFolder: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    createApp: ({ db, config, logger, metrics, health, client }) => {
      const sql = db!.sql
      const { users } = config.current
      const keys = createSigningKeys(sql, { encryptionKey: users.keyEncryptionKey, rotationHours: users.keyRotationHours, tokenTtlSeconds: users.accessTokenTtlSeconds })
      void keys.rotateIfDue().catch((err) => logger.error('signing key rotation failed', { err }))
      const rotation = setInterval(() => void keys.rotateIfDue().catch((err) => logger.error('signing key rotation failed', { err })), 10 * 60_000)
      void createProfiles(sql).ensureFirstAdmin(users.firstAdmin).then(
        (created) => created && logger.info('first admin created', { email: users.firstAdmin?.email }),
        (err) => logger.error('could not create the first admin', { err }),
      )
      stops.push(() => clearInterval(rotation))
      const redisUrl = process.env.REDIS_URL
      const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500 }).on('error', (err) => logger.debug('redis (lockout) unavailable', { error: err.message })) : undefined
      if (redis) stops.push(() => redis.disconnect())
      return createApp({ sql, config, logger, metrics, health, keys, client, lockout: redis ? redisLockout(redis, (err) => logger.warn('sign-in lockout store unavailable; not counting', { error: err.message })) : undefined })
    },
  })
  exitOnSignals(async () => {
    for (const stop of stops) await stop()
    await shutdown()
  })
})
