import { join } from 'node:path'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createApp } from './app.ts'
import { cartSettings } from './settings.ts'

runMain(async () => {
  const { shutdown } = await bootService({
    name: 'cart',
    schema: cartSettings,
    migrationsFolder: join(import.meta.dirname, '../drizzle'),
    createApp: ({ db, config, logger, metrics, health, client }) =>
      createApp({ sql: db!.sql, config, logger, metrics, health, client }),
  })
  exitOnSignals(shutdown)
})
