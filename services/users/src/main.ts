import { join } from 'node:path'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createProfiles } from './accounts/profile.service.ts'
import Redis from 'ioredis'
import { redisFailureLog } from './accounts/lockout.ts'
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
      const keys = createSigningKeys(sql, {
        encryptionKey: users.keyEncryptionKey,
        rotationHours: users.keyRotationHours,
        tokenTtlSeconds: users.accessTokenTtlSeconds,
      })
      void keys.rotateIfDue().catch((err) => logger.error('signing key rotation failed', { err }))
      const rotation = setInterval(
        () => void keys.rotateIfDue().catch((err) => logger.error('signing key rotation failed', { err })),
        10 * 60_000,
      )
      void createProfiles(sql)
        .ensureFirstAdmin(users.firstAdmin)
        .then(
          (outcome) => {
            if (outcome === 'created') logger.info('first admin created', { email: users.firstAdmin?.email })
            if (outcome === 'taken')
              logger.warn(
                'the first admin was not created: an account with its e-mail exists and is never promoted; set users.firstAdmin.email to another address or grant the role',
                { email: users.firstAdmin?.email },
              )
          },
          (err) => logger.error('could not create the first admin', { err }),
        )
      stops.push(() => clearInterval(rotation))
      const redisUrl = process.env.REDIS_URL
      const redis = redisUrl
        ? new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500 }).on('error', (err) =>
            logger.debug('redis (sign-in throttle) unavailable', { error: err.message }),
          )
        : undefined
      if (redis) stops.push(() => redis.disconnect())
      return createApp({
        sql,
        config,
        logger,
        metrics,
        health,
        keys,
        client,
        failures: redis
          ? redisFailureLog(redis, (err) =>
              logger.warn('sign-in failure counts unavailable; not counting', { error: err.message }),
            )
          : undefined,
      })
    },
  })
  exitOnSignals(async () => {
    for (const stop of stops) await stop()
    await shutdown()
  })
})
