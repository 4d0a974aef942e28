import { join } from 'node:path'
import { defineService, sweepInBackground } from '@shopfront/kit'
import { createApp } from './app.ts'
import { createCartRepo } from './cart/cart.repo.ts'
import { neighboursOverHttp } from './neighbours/neighbours.ts'
import { cartSettings } from './settings.ts'

/** The cart service as it runs: the catalog is the products service, through the kit's client; idle guest carts swept hourly. */
export const cart = defineService({
  name: 'cart',
  settings: cartSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  neighbours: neighboursOverHttp,
  createApp: (deps) => ({
    app: createApp(deps),
    // a guest's cart outlives its session at the web app, and with the session the guest id that reached it
    jobs: [
      sweepInBackground({
        name: 'idle guest carts',
        sweep: (size) => createCartRepo(deps.db).sweepGuests(deps.config.current.cart.guestCartDays, size),
        logger: deps.logger,
      }),
    ],
  }),
})
