import { Hono } from 'hono'
import * as z from 'zod'
import { parse } from '../http/validate.ts'
import { authenticate, requireService, type AuthEnv } from './authenticate.ts'
import type { TokenVerifier } from './token-verifier.ts'

/**
 * A service's router and the guards its routes stand behind, bound to its token verifier:
 * - `anyone`: reads the caller's token when one is sent (the principal may be absent)
 * - `signedIn`: a token is needed (401 without)
 * - `only(...roles)`: a signed-in caller with one of the roles (403 otherwise)
 * - `services(...names)`: an internal route only the named services call, with their service tokens
 *
 * @example
 *   const { app, signedIn, only } = serviceRoutes(verifier)
 *   app.get('/', signedIn, list)
 *   app.delete('/:id', only('admin'), remove)
 */
export function serviceRoutes(verifier: TokenVerifier) {
  return {
    app: new Hono<AuthEnv>(),
    anyone: authenticate(verifier),
    signedIn: authenticate(verifier, { require: true }),
    only: (...roles: string[]) => authenticate(verifier, { roles }),
    services: (...callers: string[]) => requireService(verifier, callers),
  }
}

/** A user's id in an internal path (`/internal/users/:userId/...`), as users and its neighbours send it. */
export const userParam = z.object({ userId: z.string().min(1).max(200) })

/**
 * The internal route users calls when an account is deleted, for a service that keeps
 * copies of it: `DELETE /users/:userId/<what>` (users' service token only) has `forget`
 * drop them and answers 204, also when there were none. Mounted at /internal.
 *
 * @example
 *   app.route('/internal', forgetForUsers(verifier, 'contact', (userId) => tickets.forgetCustomer(userId)))
 */
export function forgetForUsers(verifier: TokenVerifier, what: string, forget: (userId: string) => Promise<unknown>) {
  const { app, services } = serviceRoutes(verifier)
  app.delete(`/users/:userId/${what}`, services('users'), async (c) => {
    await forget(parse(userParam, c.req.param(), 'path').userId)
    return c.body(null, 204)
  })
  return app
}
