import { join } from 'node:path'
import { defineService } from '@shopfront/kit'
import { createApp } from './app.ts'
import { loadDemoCatalog } from './demo/demo-catalog.ts'
import { createPictureSweep } from './pictures/picture-sweep.ts'
import { productsSettings } from './settings.ts'
import { createSweeper } from './stock/sweeper.ts'

/**
 * The products service as it runs: the demo catalog loaded once; in the background, expired
 * reservations released and pictures no product shows deleted.
 */
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
    const pictures = () => config.current.catalog.pictures
    const pictureSweep = createPictureSweep(db, {
      keepDays: () => pictures().keepUnusedDays,
      intervalMs: () => pictures().sweepIntervalMs,
      logger,
    })
    return { app: createApp({ db, config, logger, metrics, health, verifier }), jobs: [sweeper, pictureSweep] }
  },
})
