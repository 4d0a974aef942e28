import { AppError, contactOf, type Logger, type Principal } from '@shopfront/kit'
import type { Contact } from '../neighbours/neighbours.ts'
import type { KnownContactsRepo } from './known-contacts.repo.ts'

/** Who checks out: the user, and the contact their token carries (none in an older token). */
export interface Buyer {
  id: string
  claimed?: { email: string; name: string }
}

/** The buyer a verified token names. */
export function buyerOf(principal: Principal): Buyer {
  return { id: principal.id, claimed: contactOf(principal) }
}

/**
 * Users' contact lookup for checkouts: while users cannot answer (a 5xx, a timeout, its
 * breaker open), the checkout goes on with the e-mail and name the buyer's token carries
 * (users signed them at most 15 minutes ago) and the shipping address users gave at their
 * last order (kept with it, `KnownContactsRepo.remember`); with an older token that has
 * none, the contact kept whole. So a users restart or outage does not stop anyone signed
 * in from buying. A buyer with neither is refused as before (503), and so is one users
 * says does not exist (404).
 */
export function rememberedContacts(
  lookup: (userId: string) => Promise<Contact>,
  known: KnownContactsRepo,
  logger: Logger,
): (buyer: Buyer) => Promise<Contact> {
  return async ({ id, claimed }) => {
    try {
      return await lookup(id)
    } catch (err) {
      if (!(err instanceof AppError) || err.status < 500) throw err
      const remembered = await known.find(id)
      const contact = claimed ? { id, ...claimed, shippingAddress: remembered?.shippingAddress ?? null } : remembered
      if (!contact) throw err
      logger.warn('users cannot answer: the checkout uses the contact in the token, or the one users gave last', {
        userId: id,
        fromToken: !!claimed,
        error: err.detail,
      })
      return contact
    }
  }
}
