import { afterAll } from 'vitest'
import { describeApiDocument } from '@shopfront/kit/testing'
import { createUsersRepo } from './accounts/users.repo.ts'
import { createProfiles } from './accounts/profile.service.ts'
import { openApiDocument } from './openapi.ts'
import { serviceTokenFrom, startUsers } from './testing.ts'

const users = await startUsers()
afterAll(() => users.close())
const { send, database } = users
// users signs its own tokens: an admin and a verified customer signed in, and a service's token
await createProfiles(createUsersRepo(database.db)).ensureFirstAdmin({
  email: 'boss@shop.dev',
  name: 'Boss',
  password: 'boss password 1',
})
await send('POST', '/api/auth/register', {
  body: { email: 'ann@example.com', password: 'customer password 1', name: 'Ann' },
})
await database.sql`update users set email_verified_at = now() where email = 'ann@example.com'`
const signIn = async (email: string, password: string) =>
  `Bearer ${(await send('POST', '/api/auth/login', { body: { email, password } })).body.accessToken}`
const admin = await signIn('boss@shop.dev', 'boss password 1')
const ann = await signIn('ann@example.com', 'customer password 1')
const as = { admin, customer: ann, service: `Bearer ${await serviceTokenFrom(send)}` }
const [{ id }] = await database.sql`select id from users where email = 'ann@example.com'`

describeApiDocument({ ...users, as }, openApiDocument, { '/api/users/{id}': id })
