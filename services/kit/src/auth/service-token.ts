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
 * This service's own identity for calls to others: a service token from the users service
 * (client credentials), kept until shortly before it expires and fetched again then.
 * Concurrent callers share one fetch.
 *
 * @example
 *   const credentials = serviceTokenProvider({ users: client('users'), clientId: 'sales', clientSecret })
 *   const products = createServiceClient({ service: 'products', discovery, breakers, credentials })
 */
export function serviceTokenProvider({
  users,
  clientId,
  clientSecret,
  marginMs = 30_000,
  now = Date.now,
}: {
  users: ServiceClient
  clientId: string
  clientSecret: string
  marginMs?: number
  now?: () => number
}) {
  let cached: { token: string; until: number } | undefined
  let fetching: Promise<string> | undefined
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  // `fresh`: a neighbour refused the cached token (signed with a retired key, say)
  return async ({ fresh = false }: { fresh?: boolean } = {}): Promise<string> => {
    if (fresh) cached = undefined
    if (cached && now() < cached.until) return cached.token
    fetching ??= users
      .post('/internal/service-token', { authorization: basic, schema: serviceTokenAnswer })
      .then(({ accessToken, expiresIn }) => {
        cached = { token: `Bearer ${accessToken}`, until: now() + expiresIn * 1000 - marginMs }
        return cached.token
      })
      .finally(() => (fetching = undefined))
    return fetching
  }
}
