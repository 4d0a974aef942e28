import { createBreakers, createServiceClient, createStaticDiscovery, listen } from '@shopfront/kit'
import { Hono } from 'hono'
import { afterAll, expect, it } from 'vitest'
import { shopOverHttp } from './shop.ts'

// users as it answers on a busy machine: hashing a password twice takes it past the usual 2 s
const asked: string[] = []
const slowUsers = new Hono().on(['POST', 'DELETE'], ['/api/users/me', '/api/users/me/password'], async (c) => {
  asked.push(`${c.req.method} ${c.req.path}`)
  await Bun.sleep(2500)
  return c.body(null, 204)
})
const server = listen(slowUsers)
afterAll(() => server.stop())

it('When users takes past the usual timeout to change a password or delete an account, then the shop waits for its answer and asks once', async () => {
  const discovery = createStaticDiscovery({ users: [server.url] })
  const shop = shopOverHttp((service) => createServiceClient({ service, discovery, breakers: createBreakers() }))
  await Promise.all([
    shop.changePassword('a-token', { currentPassword: 'old one', newPassword: 'a new password' }),
    shop.deleteAccount('a-token', 'a password'),
  ])
  expect(asked.sort()).toEqual(['DELETE /api/users/me', 'POST /api/users/me/password'])
})
