import { join } from 'node:path'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createSales } from './app.ts'
import { salesSettings } from './settings.ts'

runMain(async () => {
  const stops: (() => unknown)[] = []
  const { shutdown } = await bootService({
    name: 'sales',
    schema: salesSettings,
    migrationsFolder: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    createApp: ({ db, config, logger, metrics, health, client, breakers }) => {
      const sales = createSales({ sql: db!.sql, config, logger, metrics, health, client, breakers })
      sales.recovery.start()
      sales.sender.start()
      stops.push(
        () => sales.sender.stop(),
        () => sales.recovery.stop(),
      )
      return sales.app
    },
  })
  exitOnSignals(async () => {
    for (const stop of stops) await stop()
    await shutdown()
  })
})
