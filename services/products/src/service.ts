import { join } from 'node:path'
import { defineService } from '@shopfront/kit'
import { createApp } from './app.ts'
import { loadDemoCatalog } from './demo/demo-catalog.ts'
import { productsSettings } from './settings.ts'
import { createSweeper } from './stock/sweeper.ts'

/** The products service as it runs: the demo catalog loaded once, expired reservations swept in the background. */
export const products = defineService({
  name: 'products',
  settings: productsSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  createApp: ({ db, config, logger, metrics, health, verifier }) => {
    if (config.current.catalog.demo) {
      void loadDemoCatalog(db).then(
        (loaded) => loaded && logger.info('demo catalog loaded'),
        (err) => logger.error('demo catalog failed', { err }),
      )
    }
    const sweeper = createSweeper(db, { intervalMs: () => config.current.stock.sweepIntervalMs, logger })
    return { app: createApp({ db, config, logger, metrics, health, verifier }), jobs: [sweeper] }
  },
})
