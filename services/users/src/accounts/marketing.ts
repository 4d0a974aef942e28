import { Hono } from 'hono'
import { jwtVerify, SignJWT, createLocalJWKSet } from 'jose'
import type { Sql } from 'postgres'
import * as z from 'zod'
import { AppError, paging, parse, readQuery, requireService, type AuthEnv, type TokenVerifier } from '@shopfront/kit'
import type { SigningKeys } from '../keys/signing-keys.ts'

const audience = 'shopfront-unsubscribe'

/**
 * Promotions' side of users: the opted-in users, paged, for sales (service token), each
 * with a personal unsubscribe token; and the unsubscribe link's target, which needs no
 * sign-in: the token (signed with the service's keys, valid 180 days) says whose opt-in
 * to turn off.
 */
export function marketingRoutes({ sql, keys, verifier, issuer }: { sql: Sql; keys: SigningKeys; verifier: TokenVerifier; issuer: () => string }) {
  const unsubscribeToken = async (userId: string) => {
    const { kid, key } = await keys.signingKey()
    return new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).setSubject(userId).setIssuer(issuer()).setAudience(audience).setIssuedAt().setExpirationTime('180d').sign(key)
  }
  const page = z.object(paging({ defaultLimit: 100, maxLimit: 500 })).strict()

  const internal = new Hono<AuthEnv>()
  internal.get('/opted-in', requireService(verifier, ['sales']), async (c) => {
    const { page: n, limit } = readQuery(c, page)
    const rows = await sql`
      SELECT id, email, name, count(*) OVER () AS total FROM users
      WHERE marketing_opt_in AND NOT disabled AND email_verified_at IS NOT NULL
      ORDER BY created_at, id LIMIT ${limit} OFFSET ${(n - 1) * limit}`
    const items = await Promise.all(rows.map(async (r) => ({ id: r.id, email: r.email, name: r.name, unsubscribeToken: await unsubscribeToken(r.id) })))
    return c.json({ items, total: rows.length ? Number(rows[0]!.total) : 0, page: n, limit })
  })

  // a user's contact details and roles, for the e-mails other services send (order confirmations, ticket replies) and support's assignees
  internal.get('/:id', requireService(verifier, ['sales', 'support', 'cart']), async (c) => {
    const { id } = parse(z.object({ id: z.uuid('a user id') }), c.req.param(), 'path')
    const [user] = await sql`SELECT id, email, name, shipping_address, marketing_opt_in, disabled, roles FROM users WHERE id = ${id}`
    if (!user) throw new AppError('not_found', `No user ${id}.`)
    return c.json({ id: user.id, email: user.email, name: user.name, roles: user.roles, shippingAddress: user.shipping_address, marketingOptIn: user.marketing_opt_in, disabled: user.disabled })
  })

  const tokenQuery = z.object({ token: z.string().min(20).max(2000) }).strict()
  const unsubscribe = async (token: string) => {
    let userId: string
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(await keys.jwks()), { issuer: issuer(), audience, algorithms: ['ES256'] })
      userId = String(payload.sub)
    } catch {
      throw new AppError('validation', 'This unsubscribe link is not valid or has expired; change your preferences in your profile instead.')
    }
    await sql`UPDATE users SET marketing_opt_in = false, updated_at = now() WHERE id = ${userId}`
  }
  const public_ = new Hono()
  public_.get('/', async (c) => {
    await unsubscribe(readQuery(c, tokenQuery).token)
    return c.json({ unsubscribed: true })
  })
  // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` to the List-Unsubscribe URL
  public_.post('/', async (c) => {
    await unsubscribe(readQuery(c, tokenQuery).token)
    return c.json({ unsubscribed: true })
  })
  return { internal, public: public_ }
}
