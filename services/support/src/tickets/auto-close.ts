import { inBatches, type Logger, repeatInBackground } from '@shopfront/kit'
import type { SupportSettings } from '../settings.ts'
import type { TicketsRepo } from './tickets.repo.ts'

/**
 * Closes the tickets resolved `closeResolvedAfterDays` ago that nobody wrote on since, every
 * hour, as help desks do: the queue and the customer's list keep what is still being talked
 * about. No e-mail (the customer was told when it was resolved); a reply before then reopens
 * the ticket as ever, and a closed one can still be rated. A job for the kit to run.
 */
export function autoCloser(tickets: TicketsRepo, settings: () => SupportSettings['support'], logger: Logger) {
  return repeatInBackground({
    name: 'closing resolved tickets',
    run: async () => {
      const days = settings().closeResolvedAfterDays
      const closed = await inBatches((size) => tickets.closeResolved(days, size))
      if (closed) logger.info('closed resolved tickets nobody wrote on', { closed, days })
      return closed
    },
    intervalMs: () => 3_600_000,
    logger,
  })
}
