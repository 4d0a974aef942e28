import { expect, it } from 'vitest'
import { createServiceApp } from '../http/service-app.ts'
import { createMemoryLogger } from '../logger.ts'
import { createTestIssuer } from '../testing/issuer.ts'
import { principalOf } from './authenticate.ts'
import { forgetForUsers, serviceRoutes } from './service-routes.ts'
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

it('When users asks a service to forget a deleted account, then its copies go with a 204; anyone else gets a 403, a bad id a 400', async () => {
  const issuer = await createTestIssuer()
  const verifier = createTokenVerifier({ fetchJwks: async () => issuer.jwks(), ...issuer })
  const forgotten: string[] = []
  const routes = forgetForUsers(verifier, 'contact', async (userId) => forgotten.push(userId))
  const app = createServiceApp({ logger: createMemoryLogger().logger }).route('/internal', routes)
  const as = async (sub: string, roles: string[]) => ({
    authorization: `Bearer ${await issuer.sign({ sub, roles })}`,
  })
  const path = '/internal/users/ann-1/contact'
  expect((await app.request(path, { method: 'DELETE', headers: await as('service:sales', ['service']) })).status).toBe(
    403,
  )
  expect((await app.request(path, { method: 'DELETE', headers: await as('ann-1', ['customer']) })).status).toBe(403)
  expect(forgotten).toEqual([])
  const users = await as('service:users', ['service'])
  expect((await app.request(path, { method: 'DELETE', headers: users })).status).toBe(204)
  expect(forgotten).toEqual(['ann-1'])
  const tooLong = `/internal/users/${'x'.repeat(201)}/contact`
  expect((await app.request(tooLong, { method: 'DELETE', headers: users })).status).toBe(400)
  expect(forgotten).toEqual(['ann-1'])
})
