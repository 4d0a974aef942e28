import { timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { identifyCaller } from '../context.ts'
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

/**
 * The user and password of an HTTP Basic Authorization header (the password is all after
 * the first colon); undefined for any other scheme or none.
 *
 * @example
 *   const { user: clientId, password: secret } = basicCredentials(c.req.header('authorization')) ?? {}
 */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const [scheme, value = ''] = (header ?? '').split(' ', 2)
  if (scheme?.toLowerCase() !== 'basic') return undefined
  const [user = '', password = ''] = Buffer.from(value, 'base64').toString().split(/:(.*)/s)
  return { user, password }
}

export function unauthorized(detail: string, error?: string) {
  const challenge = error
    ? `Bearer realm="shopfront", error="${error}", error_description="${detail}"`
    : 'Bearer realm="shopfront"'
  return new AppError('unauthorized', detail, { internal: { wwwAuthenticate: challenge } })
}

/**
 * Verifies the bearer token when one is sent and puts the principal on the context.
 * `require: true` makes a token mandatory; `roles` requires one of them (403 otherwise).
 *
 * @example
 *   app.use('/api/admin/*', authenticate(verifier, { require: true, roles: ['admin'] }))
 */
export function authenticate(
  verifier: TokenVerifier,
  { require = false, roles = [] as string[] } = {},
): MiddlewareHandler<AuthEnv> {
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
    identifyCaller(principal.id)
    return next()
  }
}

/**
 * For `/internal/...` routes: only the named services may call, each with its service
 * token (the `service` role and `sub: service:<name>`, issued by users to services with
 * client credentials). Another service's valid token, or a customer's, is a 403; no
 * token a 401. Every internal route says who it is for.
 *
 * @example
 *   app.post('/reservations', requireService(verifier, ['sales']), reserve)
 */
export function requireService(verifier: TokenVerifier, callers: readonly string[]): MiddlewareHandler<AuthEnv> {
  const allowed = new Set(callers.map((name) => `service:${name}`))
  const signedIn = authenticate(verifier, { require: true, roles: ['service'] })
  return (c, next) =>
    signedIn(c, async () => {
      const caller = principalOf(c).id
      if (!allowed.has(caller))
        throw new AppError(
          'forbidden',
          `This endpoint is for ${callers.join(', ')} only, not ${caller.replace(/^service:/, '')}.`,
        )
      await next()
    })
}

/** The principal of an authenticated request, or a 401 (for handlers behind `authenticate`). */
export function principalOf(c: { get(key: 'principal'): Principal | undefined }): Principal {
  const principal = c.get('principal')
  if (!principal) throw unauthorized('Sign in: this needs an access token.')
  return principal
}

/**
 * Whether a presented secret (a token, a client secret) is the expected one, in time that
 * does not depend on where they differ; an empty one never matches.
 *
 * @example
 *   if (!sameSecret(presented, settings.metricsToken)) throw unauthorized('...')
 */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  const a = Buffer.from(presented ?? '')
  const b = Buffer.from(expected)
  return a.length > 0 && a.length === b.length && timingSafeEqual(a, b)
}
