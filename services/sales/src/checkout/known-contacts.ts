import { AppError, type Logger } from '@shopfront/kit'
import type { Contact } from '../neighbours/neighbours.ts'
import type { KnownContactsRepo } from './known-contacts.repo.ts'

/**
 * Users' contact lookup for checkouts: while users cannot answer (a 5xx, a timeout, its
 * breaker open), a customer who checked out before gets the contact users gave at their
 * last order (kept with it, `KnownContactsRepo.remember`), so a users restart or outage
 * does not stop returning customers from buying. A customer users never answered for, or
 * one users says does not exist, is refused as before.
 */
export function rememberedContacts(
  lookup: (userId: string) => Promise<Contact>,
  known: KnownContactsRepo,
  logger: Logger,
): (userId: string) => Promise<Contact> {
  return async (userId) => {
    try {
      return await lookup(userId)
    } catch (err) {
      if (!(err instanceof AppError) || err.status < 500) throw err
      const remembered = await known.find(userId)
      if (!remembered) throw err
      logger.warn('users cannot answer: the checkout uses the contact it gave last', { userId, error: err.detail })
      return remembered
    }
  }
}
