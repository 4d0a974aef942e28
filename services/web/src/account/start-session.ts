import type { Logger } from '@shopfront/kit'
import { itemCount } from '../cart/cart.routes.tsx'
import type { SessionsRepo } from '../session/sessions.repo.ts'
import type { Sessions, WebContext } from '../session/session.ts'
import type { Tokens } from '../shop/schemas.ts'
import type { Shop } from '../shop/shop.ts'

/**
 * Signs this browser in with the users service's tokens (after a sign-in, a verified e-mail,
 * a reset password): a new session (a new id), the guest's cart joined to the account's, and
 * the header's count of it.
 */
export function sessionStarter({
  shop,
  sessions,
  repo,
  logger,
}: {
  shop: Shop
  sessions: Sessions
  repo: SessionsRepo
  logger: Logger
}) {
  return async (c: WebContext, tokens: Tokens) => {
    const me = await shop.me(tokens.accessToken)
    const guest = c.get('session')
    const session = await sessions.start(c, await sessions.signedIn(tokens, me))
    if (guest) {
      // the guest's cart joins the account's; a cart that cannot be merged now stays the guest's, never lost
      const merged = await shop.mergeGuestCart(guest.guestId, me.id).catch((err) => {
        logger.warn('guest cart not merged at sign-in', { error: String(err) })
      })
      if (merged) await repo.remove(guest.idHash)
    }
    const cart = await shop.cart({ accessToken: tokens.accessToken }).catch(() => undefined)
    if (cart) await repo.setCartCount(session.idHash, itemCount(cart))
  }
}

/** What `sessionStarter` makes: signs a browser in with tokens. */
export type SessionStarter = ReturnType<typeof sessionStarter>
