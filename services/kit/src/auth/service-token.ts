import * as z from 'zod'
import type { ServiceClient } from '../service-client.ts'

/** What users answers a service's client-credentials grant (POST /internal/service-token). */
export const serviceTokenAnswer = z.object({
  accessToken: z.string().min(1),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().positive(),
})
export type ServiceTokenAnswer = z.infer<typeof serviceTokenAnswer>

/**
 * This service's own identity for calls to others: a token it signs with its `own` key once
 * that key is published in the registry (`ownServiceKey`: then users is not needed at all),
 * else a service token from the users service (client credentials). Past half its lifetime
 * it is renewed in the background while it goes on being used; while a new one cannot be
 * had, it is used until `marginMs` before it expires. Concurrent callers share one fetch.
 *
 * @example
 *   const credentials = serviceTokenProvider({ users: client('users'), clientId: 'sales', clientSecret })
 *   const products = createServiceClient({ service: 'products', discovery, breakers, credentials })
 */
export function serviceTokenProvider({
  users,
  clientId,
  clientSecret,
  own,
  marginMs = 30_000,
  now = Date.now,
}: {
  users: ServiceClient
  clientId: string
  clientSecret: string
  /** Signs this service's tokens itself, once its key is published (undefined before); publishes it again on demand. */
  own?: { token(): Promise<ServiceTokenAnswer | undefined>; publish?(): Promise<void> }
  marginMs?: number
  now?: () => number
}) {
  let held: { token: string; renewAt: number; usableUntil: number } | undefined
  let fetching: Promise<string> | undefined
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  const fromUsers = () => users.post('/internal/service-token', { authorization: basic, schema: serviceTokenAnswer })
  const fetchToken = (withOwnKey = true) =>
    (fetching ??= (own && withOwnKey ? own.token() : Promise.resolve(undefined))
      .then((signed) => signed ?? fromUsers())
      .then(({ accessToken, expiresIn }) => {
        const at = now()
        held = {
          token: `Bearer ${accessToken}`,
          renewAt: at + (expiresIn * 1000) / 2,
          usableUntil: at + expiresIn * 1000 - marginMs,
        }
        return held.token
      })
      .finally(() => (fetching = undefined)))
  // `fresh`: a neighbour refused the held token (signed with a retired key, say, or with its own key
  // while the registry lost it): users signs the next one, and its own key is tried again at the renewal
  return async ({ fresh = false }: { fresh?: boolean } = {}): Promise<string> => {
    if (fresh) {
      held = undefined
      // the registry may have lost the key: published again now, not at the next round
      own?.publish?.().catch(() => {})
      return fetchToken(false)
    }
    if (held && now() < held.renewAt) return held.token
    if (held && now() < held.usableUntil) {
      // renewed in the background; a failure is tried again by the next call
      fetchToken().catch(() => {})
      return held.token
    }
    return fetchToken()
  }
}
