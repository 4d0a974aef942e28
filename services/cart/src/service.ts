import { join } from 'node:path'
import { defineService } from '@shopfront/kit'
import { createApp } from './app.ts'
import { guestCartSweeper } from './guest-sweeper.ts'
import { neighboursOverHttp } from './neighbours/products.ts'
import { cartSettings } from './settings.ts'

/** The cart service as it runs: the catalog is the products service, through the kit's client; idle guest carts swept hourly. */
export const cart = defineService({
  name: 'cart',
  settings: cartSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  neighbours: neighboursOverHttp,
  createApp: (deps) => ({
    app: createApp(deps),
    jobs: [
      guestCartSweeper(deps.db, { guestCartDays: () => deps.config.current.cart.guestCartDays, logger: deps.logger }),
    ],
  }),
})
