import { Hono } from 'hono'
import { expect, it } from 'vitest'
import { gatewayYml, startGatewayHarness } from './testing.ts'

const yml = gatewayYml({
  rateClasses: ['signin: { anonymous: 3, user: 3, windowSeconds: 60, failuresOnly: true }'],
  routes: [
    '{ prefix: /api/auth/login, service: accounts, access: public, rateLimit: signin }',
    '{ prefix: /api/down/login, service: nobody, access: public, rateLimit: signin }',
  ],
})
// a sign-in that works with the password 'right' and is refused (401) with any other
const accounts = new Hono()
  .get('/health/live', (c) => c.text('ok'))
  .post('/api/auth/login', async (c) => {
    const { password } = await c.req.json<{ password: string }>()
    return password === 'right' ? c.json({ accessToken: 'x' }) : c.json({ title: 'Invalid' }, 401)
  })
const gw = await startGatewayHarness(yml, { upstreams: { accounts } })

const signIn = (password: string, path = '/api/auth/login') =>
  gw.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
  })

it('When the sign-in service cannot answer, then the tries are not counted against the address', async () => {
  for (let i = 0; i < 5; i++) expect((await signIn('right', '/api/down/login')).status).toBe(503)
  const after = await signIn('right')
  expect(after.status).toBe(200)
  expect(after.headers.get('ratelimit')).toBe('"signin";r=2;t=60')
})

it('When many sign in from one address, then right passwords are never limited; wrong ones are, and past the limit the address waits', async () => {
  for (let i = 0; i < 8; i++) expect((await signIn('right')).status).toBe(200)
  const wrong = await signIn('wrong')
  expect(wrong.status).toBe(401)
  expect(wrong.headers.get('ratelimit')).toBe('"signin";r=2;t=60')
  expect((await signIn('wrong')).status).toBe(401)
  expect((await signIn('wrong')).status).toBe(401)
  const refused = await signIn('right')
  expect(refused.status).toBe(429)
  expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
})
