import { inBatches, type Logger, type PostgresJsDatabase, repeatInBackground } from '@shopfront/kit'
import { createCartRepo } from './cart/cart.repo.ts'

/**
 * Deletes the guest carts nobody changed for `guestCartDays`, every hour, a thousand carts at
 * a time: a guest's cart outlives its session (the web app's), and with the session the
 * guest id that reached it is gone, so without this every visitor who left something in a
 * cart would stay in the table for ever.
 */
export function guestCartSweeper(
  db: PostgresJsDatabase,
  { guestCartDays, logger }: { guestCartDays: () => number; logger: Logger },
) {
  const carts = createCartRepo(db)
  return repeatInBackground({
    name: 'guest cart sweep',
    run: async () => {
      const swept = await inBatches((size) => carts.sweepGuests(guestCartDays(), size))
      if (swept) logger.info('deleted idle guest carts', { carts: swept })
    },
    intervalMs: () => 3_600_000,
    logger,
  })
}
