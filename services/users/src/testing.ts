import { join } from 'node:path'
import { connectDatabase, createMemoryLogger, migrateDatabase } from '@shopfront/kit'
import { baseTestSettings, createTestDatabase, staticConfig } from '@shopfront/kit/testing'
import { createApp } from './app.ts'
import { createSigningKeys } from './keys/signing-keys.ts'
import { usersSettings } from './settings.ts'

/** Settings for the users tests: small limits so lockouts and expiry are quick to reach. */
export const settings = usersSettings.parse({
  ...baseTestSettings,
  database: { ...baseTestSettings.database, poolMax: 10 },
  users: {
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    keyRotationHours: 24,
    keyEncryptionKey: 'test-key-encryption-key',
    verification: { codeTtlMinutes: 15, maxAttempts: 3, resendAfterSeconds: 60 },
    lockout: { maxFailures: 3, maxFailuresPerIp: 8, minutes: 15 },
    serviceTokenTtlSeconds: 300,
    serviceClients: { sales: 'sales-secret-0123456789', support: 'support-secret-0123456789' },
  },
  smtp: { host: '127.0.0.1', port: 1025, from: 'Shopfront <no-reply@shopfront.dev>' },
})

/** The users app in-process over a fresh, migrated database. */
export async function startUsers() {
  const db = await createTestDatabase('users')
  const database = await connectDatabase(db.url)
  await migrateDatabase(database, join(import.meta.dirname, '../drizzle'))
  const keys = createSigningKeys(database.sql, {
    encryptionKey: settings.users.keyEncryptionKey,
    rotationHours: 24,
    tokenTtlSeconds: 900,
  })
  const app = createApp({
    sql: database.sql,
    config: staticConfig(settings),
    logger: createMemoryLogger().logger,
    keys,
  })
  return {
    app,
    database,
    async close() {
      await database.close()
      await db.drop()
    },
  }
}
