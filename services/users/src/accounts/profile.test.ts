import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInCustomer, startOwnUsers, startUsers, testPasswords } from '../testing.ts'
import { createProfiles } from './profile.service.ts'
import { createUsersRepo } from './users.repo.ts'

let users: Awaited<ReturnType<typeof startUsers>>
let database: Awaited<ReturnType<typeof startUsers>>['database']
let send: Awaited<ReturnType<typeof startUsers>>['send']

beforeAll(async () => {
  users = await startUsers()
  ;({ database, send } = users)
  await createProfiles(createUsersRepo(database.db), testPasswords).ensureFirstAdmin({
    email: 'Boss@Shop.dev',
    name: 'Boss',
    password: 'boss password 1',
  })
})
afterAll(() => users.close())

/** A verified customer, signed in. */
const customer = (email: string) => signedInCustomer(users, email)

describe('the first admin', () => {
  it('When the install has no admin, then the configured one is created, verified, and can sign in; only once', async () => {
    const login = await send('POST', '/api/auth/login', {
      body: { email: 'boss@shop.dev', password: 'boss password 1' },
    })
    expect(login.status).toBe(200)
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${login.body.accessToken}` })).body.roles).toEqual([
      'customer',
      'admin',
    ])
    expect(
      await createProfiles(createUsersRepo(database.db), testPasswords).ensureFirstAdmin({
        email: 'other@shop.dev',
        name: 'Other',
        password: 'other password 1',
      }),
    ).toBe('exists')
  })

  it("When an account already holds the first admin's e-mail, then it is never promoted, and its owner keeps only their own password", async () => {
    const empty = await startUsers()
    try {
      const squat = await empty.send('POST', '/api/auth/register', {
        body: { email: 'admin@shop.dev', password: 'squatter password', name: 'Squatter' },
      })
      expect(squat.status).toBe(201)
      expect(
        await createProfiles(createUsersRepo(empty.database.db), testPasswords).ensureFirstAdmin({
          email: 'Admin@Shop.dev',
          name: 'Admin',
          password: 'admin password 1',
        }),
      ).toBe('taken')
      const [row] = await empty.database.sql`SELECT roles FROM users WHERE email = 'admin@shop.dev'`
      expect(row.roles).toEqual(['customer'])
      expect(Number((await empty.database.sql`SELECT count(*) FROM users WHERE 'admin' = ANY(roles)`)[0].count)).toBe(0)
    } finally {
      await empty.close()
    }
  })
})

describe('profile and password', () => {
  it('When a user changes the profile, then only what was sent changes; bad values are 400s', async () => {
    const { accessToken } = await customer('pat@example.com')
    const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' }
    const changed = await send('PATCH', '/api/users/me', {
      body: { phone: '+1 555 0100', shippingAddress: address, marketingOptIn: true },
      auth: `Bearer ${accessToken}`,
    })
    expect(changed.body).toMatchObject({
      name: 'pat',
      phone: '+1 555 0100',
      shippingAddress: address,
      marketingOptIn: true,
    })
    expect(
      (await send('PATCH', '/api/users/me', { body: { name: 'Pat' }, auth: `Bearer ${accessToken}` })).body,
    ).toMatchObject({
      name: 'Pat',
      marketingOptIn: true,
      shippingAddress: address,
    })
    for (const body of [
      {},
      { email: 'x@y.z' },
      { phone: 'call me' },
      { shippingAddress: { line1: 'x' } },
      { roles: ['admin'] },
    ]) {
      expect(
        (await send('PATCH', '/api/users/me', { body: body, auth: `Bearer ${accessToken}` })).status,
        JSON.stringify(body),
      ).toBe(400)
    }
  })

  it('When the password is changed, then the old one stops working and every session ends, its access tokens included', async () => {
    const session = await customer('quinn@example.com')
    const changePassword = (currentPassword: string, newPassword: string) =>
      send('POST', '/api/users/me/password', {
        body: { currentPassword, newPassword },
        auth: `Bearer ${session.accessToken}`,
      })
    const signIn = (password: string) =>
      send('POST', '/api/auth/login', { body: { email: 'quinn@example.com', password } })
    expect((await changePassword('wrong', 'a brand new secret')).status).toBe(400)
    expect((await changePassword('customer password 1', 'a brand new secret')).status).toBe(204)
    expect((await send('POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401)
    // the access token too: whoever else held it is out at once
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${session.accessToken}` })).status).toBe(401)
    expect((await signIn('customer password 1')).status).toBe(401)
    const again = await signIn('a brand new secret')
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${again.body.accessToken}` })).status).toBe(200)
  })
})

describe('user management', () => {
  it('When an admin searches, pages, promotes and disables users, then it works; a customer gets 403', async () => {
    const admin = (
      await send('POST', '/api/auth/login', { body: { email: 'boss@shop.dev', password: 'boss password 1' } })
    ).body.accessToken
    const rae = await customer('rae@example.com')
    expect((await send('GET', '/api/users', { auth: `Bearer ${rae.accessToken}` })).status).toBe(403)
    const found = await send('GET', '/api/users?q=rae&limit=5', { auth: `Bearer ${admin}` })
    expect(found.body).toMatchObject({ total: 1, page: 1, limit: 5 })
    const id = found.body.items[0].id
    expect(JSON.stringify(found.body)).not.toMatch(/password|argon/i)
    expect(
      (await send('PATCH', `/api/users/${id}`, { body: { roles: ['customer', 'support'] }, auth: `Bearer ${admin}` }))
        .body.roles,
    ).toEqual(['customer', 'support'])
    // her token carries the roles it was issued with: it stops at once, and a refresh carries the new ones
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${rae.accessToken}` })).status).toBe(401)
    const revoked = await send('GET', '/.well-known/revocations.json')
    expect(revoked.body.revocations).toContainEqual({ sub: id, version: 1 })
    const renewed = (await send('POST', '/api/auth/refresh', { body: { refreshToken: rae.refreshToken } })).body
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${renewed.accessToken}` })).body.roles).toEqual([
      'customer',
      'support',
    ])
    // the same roles again change nothing, and stop nothing
    await send('PATCH', `/api/users/${id}`, { body: { roles: ['support', 'customer'] }, auth: `Bearer ${admin}` })
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${renewed.accessToken}` })).status).toBe(200)
    // the staff, by role: rae is an agent now, the boss an admin
    const agents = await send('GET', '/api/users?role=support&limit=100', { auth: `Bearer ${admin}` })
    expect(agents.body.items.map((u: any) => u.email)).toEqual(['rae@example.com'])
    const admins = await send('GET', '/api/users?role=admin&q=boss', { auth: `Bearer ${admin}` })
    expect(admins.body.items.map((u: any) => u.email)).toEqual(['boss@shop.dev'])
    expect((await send('GET', '/api/users?role=root', { auth: `Bearer ${admin}` })).status).toBe(400)
    expect(
      (await send('PATCH', `/api/users/${id}`, { body: { roles: ['root'] }, auth: `Bearer ${admin}` })).status,
    ).toBe(400)
    expect(
      (await send('PATCH', `/api/users/${id}`, { body: { disabled: true }, auth: `Bearer ${admin}` })).body.disabled,
    ).toBe(true)
    expect(
      (await send('POST', '/api/auth/login', { body: { email: 'rae@example.com', password: 'customer password 1' } }))
        .status,
    ).toBe(403)
    expect((await send('POST', '/api/auth/refresh', { body: { refreshToken: renewed.refreshToken } })).status).toBe(401)
    // and the access token she holds stops at once, not when it expires
    const stopped = await send('GET', '/api/users/me', { auth: `Bearer ${renewed.accessToken}` })
    expect(stopped).toMatchObject({
      status: 401,
      body: { detail: 'The token was revoked: refresh it, or sign in again.' },
    })
    expect((await send('GET', '/api/users?limit=1000', { auth: `Bearer ${admin}` })).status).toBe(400)
    expect((await send('GET', '/api/users/not-a-uuid', { auth: `Bearer ${admin}` })).status).toBe(400)
    expect(
      (await send('GET', '/api/users/00000000-0000-4000-8000-000000000000', { auth: `Bearer ${admin}` })).status,
    ).toBe(404)
    // bad input is a 400, never a database error
    for (const query of ['q=%00', 'q=%C3%28', 'page=1e20', 'limit=-1'])
      expect((await send('GET', `/api/users?${query}`, { auth: `Bearer ${admin}` })).status, query).toBe(400)
    expect(
      (await send('POST', '/api/auth/login', { body: { email: 'rae@example.com\u0000', password: 'x' } })).status,
    ).toBe(400)
  })
})

describe('the last admin', () => {
  it('When the only enabled admin would lose the role or be disabled, then it is a 409 and nothing changes; with another admin it goes through', async () => {
    const own = await startOwnUsers()
    try {
      const profiles = createProfiles(createUsersRepo(own.database.db), testPasswords)
      await profiles.ensureFirstAdmin({ email: 'only@shop.dev', name: 'Only', password: 'only password 1' })
      const login = async (email: string, password: string) =>
        `Bearer ${(await own.send('POST', '/api/auth/login', { body: { email, password } })).body.accessToken}`
      const only = await login('only@shop.dev', 'only password 1')
      const me = (await own.send('GET', '/api/users/me', { auth: only })).body
      const as = (auth: string) => (id: string, body: object) => own.send('PATCH', `/api/users/${id}`, { body, auth })
      for (const body of [{ roles: ['customer'] }, { disabled: true }, { roles: ['customer'], disabled: false }]) {
        const refused = await as(only)(me.id, body)
        expect(refused.status, JSON.stringify(body)).toBe(409)
        expect(refused.body.detail).toBe('only@shop.dev is the only admin: make someone else an admin first.')
      }
      expect((await own.send('GET', `/api/users/${me.id}`, { auth: only })).body).toMatchObject({
        roles: ['customer', 'admin'],
        disabled: false,
      })
      // a second admin: then the first may step down, and the second is the last one
      const { accessToken } = await signedInCustomer(own, 'next@example.com')
      const next = (await own.send('GET', '/api/users/me', { auth: `Bearer ${accessToken}` })).body
      expect((await as(only)(next.id, { roles: ['customer', 'admin'] })).status).toBe(200)
      expect((await as(only)(me.id, { roles: ['customer'] })).body.roles).toEqual(['customer'])
      const byNext = as(await login('next@example.com', 'customer password 1'))
      expect((await byNext(next.id, { disabled: true })).status).toBe(409)
      // two admins unmaking each other at once: one of them stays
      expect((await byNext(me.id, { roles: ['customer', 'admin'] })).status).toBe(200)
      const byMe = as(await login('only@shop.dev', 'only password 1'))
      const both = await Promise.all([byMe(next.id, { roles: ['customer'] }), byNext(me.id, { roles: ['customer'] })])
      // the other is refused: as the last admin (409), or, when the first change came in before
      // its token was checked, because that change revoked its token (401)
      const [done, refused] = both.map((r) => r.status).sort()
      expect(done).toBe(200)
      expect([401, 409]).toContain(refused)
      const admins = await own.sql`select count(*)::int as n from users where 'admin' = any(roles) and not disabled`
      expect(admins).toEqual([{ n: 1 }])
    } finally {
      await own.close()
    }
  })
})
