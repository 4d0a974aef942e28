import { join } from 'node:path'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createApp } from './app.ts'
import { supportSettings } from './settings.ts'

runMain(async () => {
  const { shutdown } = await bootService({
    name: 'support',
    schema: supportSettings,
    migrationsFolder: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    createApp: ({ db, config, logger, metrics, health, client }) =>
      createApp({ sql: db!.sql, config, logger, metrics, health, client }),
  })
  exitOnSignals(shutdown)
})
