import { type Logger, type PostgresJsDatabase, repeatInBackground } from '@shopfront/kit'
import { createReservationsRepo } from './reservations.repo.ts'

/** Releases expired reservations every `intervalMs` (read live, so a settings change applies): a job for the kit to run. */
export function createSweeper(
  db: PostgresJsDatabase,
  { intervalMs, logger }: { intervalMs: () => number; logger: Logger },
) {
  const reservations = createReservationsRepo(db)
  return repeatInBackground({
    name: 'reservation sweep',
    run: async () => {
      const released = await reservations.sweep()
      if (released) logger.info('released expired reservations', { released })
    },
    intervalMs,
    logger,
  })
}
