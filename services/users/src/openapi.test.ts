import { afterAll } from 'vitest'
import { describeApiDocument } from '@shopfront/kit/testing'
import { createUsersRepo } from './accounts/users.repo.ts'
import { createProfiles } from './accounts/profile.service.ts'
import { openApiDocument } from './openapi.ts'
import { serviceTokenFrom, signedInCustomer, startUsers, testPasswords } from './testing.ts'

const users = await startUsers()
afterAll(() => users.close())
const { send, database } = users
// users signs its own tokens: an admin and a verified customer signed in, and a service's token
await createProfiles(createUsersRepo(database.db), testPasswords).ensureFirstAdmin({
  email: 'boss@shop.dev',
  name: 'Boss',
  password: 'boss password 1',
})
const admin = await send('POST', '/api/auth/login', { body: { email: 'boss@shop.dev', password: 'boss password 1' } })
const ann = await signedInCustomer(users, 'ann@example.com')
const as = {
  admin: `Bearer ${admin.body.accessToken}`,
  customer: `Bearer ${ann.accessToken}`,
  service: `Bearer ${await serviceTokenFrom(send)}`,
}
const [{ id }] = await database.sql`select id from users where email = 'ann@example.com'`

describeApiDocument(
  { ...users, as },
  openApiDocument,
  { '/api/users/{id}': id },
  // refusals that count on purpose: a wrong password slows its address down, a wrong code uses up a try
  {
    'POST /api/auth/login': ['public.login_failures'],
    'POST /api/auth/password-reset/confirm': ['public.password_reset_codes'],
  },
)
