import { createBreakers, createServiceClient, createStaticDiscovery, listen } from '@shopfront/kit'
import { Hono } from 'hono'
import { afterAll, expect, it } from 'vitest'
import { shopOverHttp } from './shop.ts'

// users as it answers on a busy machine: hashing a password takes it past the usual 2 s
const asked: string[] = []
const slowly = async <T>(method: string, path: string, answer: T) => {
  asked.push(`${method} ${path}`)
  await Bun.sleep(2500)
  return answer
}
const tokens = { accessToken: 'an-access-token', refreshToken: 'a-refresh-token', expiresIn: 900 }
const slowUsers = new Hono()
  .post('/api/auth/login', async (c) => c.json(await slowly('POST', c.req.path, tokens)))
  .on(
    ['POST', 'DELETE'],
    ['/api/auth/register', '/api/auth/password-reset/confirm', '/api/users/me', '/api/users/me/password'],
    async (c) => c.body(await slowly(c.req.method, c.req.path, null), 204),
  )
const server = listen(slowUsers)
afterAll(() => server.stop())

it('When users takes past the usual timeout to sign in, register, reset or change a password or delete an account, then the shop waits for its answer and asks once', async () => {
  const discovery = createStaticDiscovery({ users: [server.url] })
  const shop = shopOverHttp((service) => createServiceClient({ service, discovery, breakers: createBreakers() }))
  const [signedIn] = await Promise.all([
    shop.login('pat@example.com', 'a password'),
    shop.register({ name: 'Pat', email: 'pat@example.com', password: 'a long password' }),
    shop.resetPassword({ email: 'pat@example.com', code: '123456', newPassword: 'a new password' }),
    shop.changePassword('a-token', { currentPassword: 'old one', newPassword: 'a new password' }),
    shop.deleteAccount('a-token', 'a password'),
  ])
  expect(signedIn).toEqual(tokens)
  expect(asked.sort()).toEqual([
    'DELETE /api/users/me',
    'POST /api/auth/login',
    'POST /api/auth/password-reset/confirm',
    'POST /api/auth/register',
    'POST /api/users/me/password',
  ])
})
