import * as z from 'zod'
import type { Principal } from './token-verifier.ts'

/**
 * The contact users' access tokens carry (OpenID Connect's `email` and `name` claims), as
 * fresh as the token (15 minutes at most): for a service that must write to the user
 * without asking users (while it cannot answer, or for an address the user asked to be
 * written to). Tokens issued before users added them have none.
 */
export const tokenContact = z.object({ email: z.string().min(3), name: z.string() })

/** The contact a verified token carries; undefined for a token without one. */
export function contactOf(principal: Principal): z.infer<typeof tokenContact> | undefined {
  const said = tokenContact.safeParse(principal.claims)
  return said.success ? said.data : undefined
}
