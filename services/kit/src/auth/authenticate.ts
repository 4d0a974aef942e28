import type { MiddlewareHandler } from 'hono'
import { AppError } from '../errors.ts'
import type { Principal, TokenVerifier } from './token-verifier.ts'

export type AuthEnv = { Variables: { principal?: Principal } }

/** The bearer token of a request: undefined when absent, a 401 when the header is not a bearer token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const m = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(header.trim())
  if (!m) throw unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_request')
  return m[1]
}

export function unauthorized(detail: string, error?: string) {
  const challenge = error ? `Bearer realm="shopfront", error="${error}", error_description="${detail}"` : 'Bearer realm="shopfront"'
  return new AppError('unauthorized', detail, { internal: { wwwAuthenticate: challenge } })
}

/**
 * Verifies the bearer token when one is sent and puts the principal on the context.
 * `require: true` makes a token mandatory; `roles` requires one of them (403 otherwise).
 *
 * @example
 *   app.use('/api/admin/*', authenticate(verifier, { require: true, roles: ['admin'] }))
 */
export function authenticate(verifier: TokenVerifier, { require = false, roles = [] as string[] } = {}): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (!token) {
      if (require || roles.length) throw unauthorized('Sign in: this needs an access token.')
      return next()
    }
    const principal = await verifier.verify(token)
    if (roles.length && !roles.some((r) => principal.roles.includes(r))) {
      throw new AppError('forbidden', `This needs one of the roles: ${roles.join(', ')}.`)
    }
    c.set('principal', principal)
    return next()
  }
}

/**
 * For `/internal/...` routes: only another service may call (a token with the `service`
 * role, issued by users to services with client credentials). A customer's token is a
 * 403, no token a 401.
 */
export function requireService(verifier: TokenVerifier): MiddlewareHandler<AuthEnv> {
  return authenticate(verifier, { require: true, roles: ['service'] })
}

/** The principal of an authenticated request, or a 401 (for handlers behind `authenticate`). */
export function principalOf(c: { get(key: 'principal'): Principal | undefined }): Principal {
  const principal = c.get('principal')
  if (!principal) throw unauthorized('Sign in: this needs an access token.')
  return principal
}
