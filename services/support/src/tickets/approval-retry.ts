import { type Logger, repeatInBackground, workThrough } from '@shopfront/kit'
import type { TicketsRepo } from './tickets.repo.ts'

/** How long an approval sales did not finish waits before it is repeated. */
const waitSeconds = 30

/**
 * Repeats the returns' approvals sales could not finish in time (it was down, or too slow),
 * every half minute, as the agent who asked: sales refunds nothing twice, and the ticket is
 * resolved and the customer told once it answers. Several instances share the work (SKIP
 * LOCKED). A job for the kit to run.
 */
export function approvalRetry(tickets: TicketsRepo, finish: (id: string) => Promise<unknown>, logger: Logger) {
  return repeatInBackground({
    name: 'repeating return approvals',
    run: async () => {
      const done = await workThrough(
        'repeating a return approval',
        () => tickets.approvalsDue(waitSeconds),
        ({ id }) => finish(id),
        ({ id }, err) =>
          logger.warn('could not finish a return approval yet; will retry', { ticketId: id, error: String(err) }),
      )
      if (done) logger.info('finished return approvals sales had not answered', { done })
      return done
    },
    intervalMs: () => waitSeconds * 1000,
    logger,
  })
}
