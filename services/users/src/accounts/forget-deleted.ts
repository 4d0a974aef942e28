import { type Logger, workThrough } from '@shopfront/kit'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { UsersRepo } from './users.repo.ts'

/**
 * Deleted accounts forgotten by the neighbours that keep copies (cart's lines, the contact
 * and the reviews sales keeps, the address support writes to about tickets, the alerts
 * products keeps), each asked
 * again a minute later until all have: run in the background, so a neighbour down when the
 * account was deleted forgets it once back.
 * How many were forgotten.
 */
export function forgettingDeleted({
  users,
  neighbours,
  logger,
}: {
  users: UsersRepo
  neighbours: Pick<Neighbours, 'forget'>
  logger: Logger
}) {
  return () =>
    workThrough(
      'forgetting a deleted account at the neighbours',
      () => users.claimToForget(60),
      async ({ id }) => {
        await neighbours.forget(id)
        await users.forgotten(id)
      },
      ({ id }, err) =>
        logger.warn('a deleted account is not forgotten by its neighbours yet; will retry', {
          userId: id,
          error: String(err),
        }),
    )
}
