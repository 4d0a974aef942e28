import { expect, it } from 'vitest'
import { createServiceApp } from '../http/service-app.ts'
import { createMemoryLogger } from '../logger.ts'
import { createTestIssuer } from '../testing/issuer.ts'
import { principalOf } from './authenticate.ts'
import { serviceRoutes } from './service-routes.ts'
import { createTokenVerifier } from './token-verifier.ts'

it('When routes stand behind the guards, then anyone, the signed-in, a role and named services are let in, and no one else', async () => {
  const issuer = await createTestIssuer()
  const { issuer: iss, audience } = issuer
  const verifier = createTokenVerifier({ fetchJwks: async () => issuer.jwks(), issuer: iss, audience })
  const { app: routes, anyone, signedIn, only, services } = serviceRoutes(verifier)
  routes.get('/anyone', anyone, (c) => c.json({ who: c.get('principal')?.id ?? 'a guest' }))
  routes.get('/signed-in', signedIn, (c) => c.json({ who: principalOf(c).id }))
  routes.get('/staff', only('support', 'admin'), (c) => c.json({ who: principalOf(c).id }))
  routes.get('/internal', services('sales'), (c) => c.json({ who: principalOf(c).id }))
  const app = createServiceApp({ logger: createMemoryLogger().logger }).route('/', routes)

  const tokens = {
    none: undefined,
    customer: await issuer.sign({ sub: 'ann' }),
    support: await issuer.sign({ sub: 'bob', roles: ['support'] }),
    sales: await issuer.sign({ sub: 'service:sales', roles: ['service'] }),
    cart: await issuer.sign({ sub: 'service:cart', roles: ['service'] }),
  }
  const statuses = async (path: string) => {
    const answers: Record<string, number> = {}
    for (const [who, token] of Object.entries(tokens)) {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
      answers[who] = (await app.request(path, { headers })).status
    }
    return answers
  }

  expect(await statuses('/anyone')).toEqual({ none: 200, customer: 200, support: 200, sales: 200, cart: 200 })
  expect(await (await app.request('/anyone')).json()).toEqual({ who: 'a guest' })
  expect(await statuses('/signed-in')).toEqual({ none: 401, customer: 200, support: 200, sales: 200, cart: 200 })
  expect(await statuses('/staff')).toEqual({ none: 401, customer: 403, support: 200, sales: 403, cart: 403 })
  expect(await statuses('/internal')).toEqual({ none: 401, customer: 403, support: 403, sales: 200, cart: 403 })
})
