import { Hono } from 'hono'
import { AppError, basicCredentials, sameSecret } from '@shopfront/kit'
import type { Tokens } from './tokens.ts'

/**
 * POST /internal/service-token: the client-credentials grant for services. The caller
 * authenticates with HTTP Basic (client id and secret, as in OAuth 2.0) and gets a
 * short-lived token with the `service` role. Never routed by the gateway.
 */
export function serviceTokenRoutes({
  tokens,
  clients,
}: {
  tokens: Tokens
  clients: () => { secrets: Record<string, string>; ttlSeconds: number }
}) {
  const app = new Hono()
  app.post('/service-token', async (c) => {
    const { user: clientId = '', password: secret = '' } = basicCredentials(c.req.header('authorization')) ?? {}
    const expected = clients().secrets[clientId]
    if (!expected || !sameSecret(secret, expected)) {
      throw new AppError('unauthorized', 'Unknown service client or wrong secret.', {
        internal: { wwwAuthenticate: 'Basic realm="shopfront-services"' },
      })
    }
    return c.json(await tokens.serviceToken(clientId, clients().ttlSeconds))
  })
  return app
}
