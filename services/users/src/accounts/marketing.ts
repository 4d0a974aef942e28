import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { createLocalJWKSet, jwtVerify } from 'jose'
import * as z from 'zod'
import { AppError, paging, parse, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import type { SigningKeys } from '../keys/signing-keys.ts'
import type { Contact, OptedInPage } from '../contract.ts'
import type { UsersRepo } from './users.repo.ts'

const audience = 'shopfront-unsubscribe'
const lifetimeDays = 180

/**
 * Unsubscribe tokens that live their whole stated lifetime (180 days), whatever the
 * signing keys do meanwhile: `u1.<user id>.<expiry>.<HMAC-SHA256>`, with a key derived
 * (HKDF) from the users key-encryption key, which does not rotate with the signing keys.
 */
export function unsubscribeTokens(secret: string, now = () => Date.now()) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'shopfront', 'unsubscribe tokens v1', 32))
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url')
  return {
    issue(userId: string) {
      const body = `${userId}.${Math.floor(now() / 1000) + lifetimeDays * 86_400}`
      return `u1.${body}.${mac(body)}`
    },
    /** The user id, or undefined for a token that is not ours, was altered or has expired. */
    read(token: string): string | undefined {
      const [version, userId, expiry, signature = ''] = token.split('.')
      if (version !== 'u1' || !userId || !expiry || Number(expiry) * 1000 < now()) return undefined
      const expected = Buffer.from(mac(`${userId}.${expiry}`))
      const given = Buffer.from(signature)
      return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined
    },
  }
}

/** The unsubscribe link's query: the token from the e-mail. */
export const tokenQuery = z.object({ token: z.string().min(20).max(2000) }).strict()

/**
 * Promotions' side of users: the opted-in users, paged, for sales (service token), each
 * with a personal unsubscribe token; and the unsubscribe link's target, which needs no
 * sign-in: the token (signed with the service's keys, valid 180 days) says whose opt-in
 * to turn off.
 */
export function marketingRoutes({
  users,
  keys,
  verifier,
  issuer,
  tokenSecret,
}: {
  users: UsersRepo
  keys: SigningKeys
  verifier: TokenVerifier
  issuer: () => string
  tokenSecret: () => string
}) {
  const tokens = () => unsubscribeTokens(tokenSecret())
  const page = z
    .object({ after: z.uuid('a user id').optional(), limit: paging({ defaultLimit: 100, maxLimit: 500 }).limit })
    .strict()

  const { app: internal, services } = serviceRoutes(verifier)
  // by keyset (ids after `after`): someone opting out between two pages shifts nobody out of the next one
  internal.get('/opted-in', services('sales'), async (c) => {
    const { after, limit } = readQuery(c, page)
    const { rows, total } = await users.optedIn(after, limit + 1)
    const issue = tokens()
    const items = rows.slice(0, limit).map((r) => ({ ...r, unsubscribeToken: issue.issue(r.id) }))
    const last = items.at(-1)
    const answer: OptedInPage = { items, total, next: rows.length > limit && last ? last.id : null, limit }
    return c.json(answer)
  })

  // a user's contact details and roles, for the e-mails other services send (order confirmations, ticket replies) and support's assignees
  internal.get('/:id', services('sales', 'support', 'cart'), async (c) => {
    const { id } = parse(z.object({ id: z.uuid('a user id') }), c.req.param(), 'path')
    const user = await users.find(id)
    if (!user) throw new AppError('not_found', `No user ${id}.`)
    const { email, name, roles, shippingAddress, marketingOptIn, disabled } = user
    const answer: Contact = { id, email, name, roles, shippingAddress, marketingOptIn, disabled }
    return c.json(answer)
  })

  const unsubscribe = async (token: string) => {
    let userId = tokens().read(token)
    // links sent before u1 tokens were signed JWTs: they work while their key is published
    if (!userId && token.split('.').length === 3) {
      userId = await jwtVerify(token, createLocalJWKSet(await keys.jwks()), {
        issuer: issuer(),
        audience,
        algorithms: ['ES256'],
      }).then(
        ({ payload }) => String(payload.sub),
        () => undefined,
      )
    }
    if (!userId)
      throw new AppError(
        'validation',
        'This unsubscribe link is not valid or has expired; change your preferences in your profile instead.',
      )
    await users.update(userId, { marketingOptIn: false })
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
