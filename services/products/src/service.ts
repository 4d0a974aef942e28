import { join } from 'node:path'
import { defineService } from '@shopfront/kit'
import { createAlertsRepo } from './alerts/alerts.repo.ts'
import { backInStockAlerts } from './alerts/back-in-stock.ts'
import { createApp } from './app.ts'
import { loadDemoCatalog } from './demo/demo-catalog.ts'
import { createPictureSweep } from './pictures/picture-sweep.ts'
import { productsSettings } from './settings.ts'
import { createSweeper } from './stock/sweeper.ts'

/**
 * The products service as it runs: the demo catalog loaded once; in the background, expired
 * reservations released, pictures no product shows deleted, and shoppers told (by e-mail,
 * through the outbox) that a product they waited for is back.
 */
export const products = defineService({
  name: 'products',
  settings: productsSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  mailOutbox: true,
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
    const alerts = backInStockAlerts(createAlertsRepo(db), {
      shop: () => config.current.shop,
      intervalMs: () => config.current.stock.alertIntervalMs,
      logger,
    })
    return {
      app: createApp({ db, config, logger, metrics, health, verifier }),
      jobs: [sweeper, pictureSweep, alerts],
    }
  },
})
