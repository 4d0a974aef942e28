import { Hono } from 'hono'
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
