import { join } from 'node:path'
import { defineService, type Logger, repeatInBackground, serviceKeysInRegistry } from '@shopfront/kit'
import { redisFailureLog } from './accounts/sign-in-throttle.ts'
import { refuseWeakHashing } from './accounts/passwords.ts'
import type { Profiles } from './accounts/profile.service.ts'
import { expirySweepers } from './accounts/sweep.ts'
import { createApp } from './app.ts'
import { publishToRegistry, wellKnownDocuments } from './keys/publish.ts'
import { createSigningKeys } from './keys/signing-keys.ts'
import { type UsersSettings, usersSettings } from './settings.ts'

/** Creates the configured first admin when the install has none, and says what happened. */
function firstAdmin(profiles: Profiles, users: UsersSettings['users'], logger: Logger) {
  const admin = users.firstAdmin
  void profiles.ensureFirstAdmin(admin).then(
    (outcome) => {
      if (outcome === 'created') logger.info('first admin created', { email: admin?.email })
      if (outcome === 'taken')
        logger.warn(
          'the first admin was not created: an account with its e-mail exists and is never promoted; set users.firstAdmin.email to another address or grant the role',
          { email: admin?.email },
        )
    },
    (err) => logger.error('could not create the first admin', { err }),
  )
}

/**
 * The users service as it runs: its signing keys rotated in the background (checked every
 * 10 minutes) and, with its revocations, copied to the registry for while it is away; the
 * first admin created once, sign-in failures counted in Redis when there is one; refresh
 * tokens past use and old failure counts swept every hour; deleted accounts forgotten by
 * cart, sales, support and products (every 30 seconds, until all have).
 */
export const users = defineService({
  name: 'users',
  settings: usersSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  mailOutbox: true,
  createApp: ({ db, config, logger, metrics, health, client, consul, redis }) => {
    const { users: settings } = config.current
    refuseWeakHashing(settings.passwordHashing, process.env)
    const keys = createSigningKeys(db, {
      encryptionKey: settings.keyEncryptionKey,
      rotationHours: settings.keyRotationHours,
      tokenTtlSeconds: settings.accessTokenTtlSeconds,
    })
    const rotation = repeatInBackground({
      name: 'signing key rotation',
      run: () => keys.rotateIfDue(),
      intervalMs: () => 10 * 60_000,
      logger,
    })
    // what verifiers read while users is away: a copy in the registry, as fresh as the revocations they poll
    const publishing = repeatInBackground({
      name: 'publishing keys and revocations to the registry',
      run: publishToRegistry(consul, 'users', wellKnownDocuments(db, keys, config)),
      intervalMs: () => config.current.auth.revocationsTtlMs,
      logger,
    })
    const failures =
      redis &&
      redisFailureLog(redis, (err) =>
        logger.warn('sign-in failure counts unavailable; not counting', { error: err.message }),
      )
    const made = createApp({
      db,
      config,
      logger,
      metrics,
      health,
      keys,
      client,
      failures,
      serviceKeys: serviceKeysInRegistry(consul),
    })
    firstAdmin(made.profiles, settings, logger)
    const forgetting =
      made.forgetDeleted &&
      repeatInBackground({
        name: 'forgetting deleted accounts at the neighbours',
        run: made.forgetDeleted,
        intervalMs: () => 30_000,
        logger,
      })
    return {
      app: made.app,
      jobs: [
        rotation,
        publishing,
        ...(forgetting ? [forgetting] : []),
        ...expirySweepers(db, () => config.current.users, logger),
      ],
    }
  },
})
