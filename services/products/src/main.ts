import { join } from 'node:path'
import { bootService, exitOnSignals, runMain } from '@shopfront/kit'
import { createApp } from './app.ts'
import { loadDemoCatalog } from './demo/demo-catalog.ts'
import { productsSettings } from './settings.ts'
import { startSweeper } from './stock/sweeper.ts'

runMain(async () => {
  let stopSweeper = () => {}
  const { shutdown } = await bootService({
    name: 'products',
    schema: productsSettings,
    migrationsFolder: join(import.meta.dirname, '../drizzle'),
    createApp: ({ db, config, logger, metrics, health, client }) => {
      const sql = db!.sql
      if (config.current.catalog.demo) {
        void loadDemoCatalog(sql).then(
          (loaded) => loaded && logger.info('demo catalog loaded'),
          (err) => logger.error('demo catalog failed', { err }),
        )
      }
      stopSweeper = startSweeper(sql, { intervalMs: () => config.current.stock.sweepIntervalMs, logger })
      return createApp({ sql, config, logger, metrics, health, client })
    },
  })
  exitOnSignals(async () => {
    stopSweeper()
    await shutdown()
  })
})
