import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKeys } from '../keys/signing-keys.ts'
import { serviceTokenFrom, settings, signedInCustomer, startUsers } from '../testing.ts'
import { createProfiles } from './profile.service.ts'
import { createUsersRepo } from './users.repo.ts'

let users: Awaited<ReturnType<typeof startUsers>>
let database: Awaited<ReturnType<typeof startUsers>>['database']
let send: Awaited<ReturnType<typeof startUsers>>['send']

beforeAll(async () => {
  users = await startUsers()
  ;({ database, send } = users)
  await createProfiles(createUsersRepo(database.db)).ensureFirstAdmin({
    email: 'Boss@Shop.dev',
    name: 'Boss',
    password: 'boss password 1',
  })
})
afterAll(() => users.close())

const serviceToken = (client = 'sales') => serviceTokenFrom(send, client)
/** What a mail client's one-click unsubscribe (RFC 8058) posts. */
const oneClick = {
  body: 'List-Unsubscribe=One-Click',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
}
/** A verified customer, signed in. */
const customer = (email: string) => signedInCustomer(users, email)

/** A users service of its own, for tests that change what all users share (signing keys, the opted-in list). */
async function ownUsers() {
  const own = await startUsers()
  const service = () => serviceTokenFrom(own.send)
  const { send } = own
  return {
    ...own,
    service,
    /** A verified customer who opted in to promotions; their access token. */
    async optIn(email: string) {
      const { accessToken } = await signedInCustomer(own, email)
      await send('PATCH', '/api/users/me', { body: { marketingOptIn: true }, auth: `Bearer ${accessToken}` })
      return accessToken as string
    },
    optedIn: async () =>
      (await send('GET', '/internal/users/opted-in?limit=500', { auth: `Bearer ${await service()}` })).body
        .items as any[],
  }
}

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
      await createProfiles(createUsersRepo(database.db)).ensureFirstAdmin({
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
        await createProfiles(createUsersRepo(empty.database.db)).ensureFirstAdmin({
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
    const own = await ownUsers()
    try {
      const profiles = createProfiles(createUsersRepo(own.database.db))
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
      expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    } finally {
      await own.close()
    }
  })
})

describe('purchase history, promotions and unsubscribing', () => {
  it("When sales is not there, then the purchase history is a clear retryable 503 (a bad page still the caller's 400) and the rest works", async () => {
    const { accessToken } = await customer('sam@example.com')
    const res = await send('GET', '/api/users/me/orders', { auth: `Bearer ${accessToken}` })
    expect(res.status).toBe(503)
    expect((await send('GET', '/api/users/me/orders?page=0', { auth: `Bearer ${accessToken}` })).status).toBe(400)
    expect(res.body).toMatchObject({
      retryable: true,
      detail: 'The purchase history is temporarily unavailable; try again in a moment.',
    })
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${accessToken}` })).status).toBe(200)
  })

  it('When sales pages the opted-in users with a service token, then each comes with an unsubscribe token that opts out without a login', async () => {
    const { accessToken } = await customer('tia@example.com')
    await send('PATCH', '/api/users/me', { body: { marketingOptIn: true }, auth: `Bearer ${accessToken}` })
    const service = await serviceToken()
    expect((await send('GET', '/internal/users/opted-in', { auth: `Bearer ${accessToken}` })).status).toBe(403)
    // and the other way round: a service's token has no account of its own
    const own = await send('GET', '/api/users/me', { auth: `Bearer ${service}` })
    expect(own).toMatchObject({ status: 403, body: { status: 403 } })
    const listed = await send('GET', '/internal/users/opted-in?limit=50', { auth: `Bearer ${service}` })
    const tia = listed.body.items.find((u: any) => u.email === 'tia@example.com')
    expect(tia.unsubscribeToken).toBeTruthy()
    const res = await send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(tia.unsubscribeToken)}`)
    expect(res.body).toEqual({ unsubscribed: true })
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${accessToken}` })).body.marketingOptIn).toBe(false)
    expect(
      (await send('GET', '/internal/users/opted-in', { auth: `Bearer ${service}` })).body.items.map(
        (u: any) => u.email,
      ),
    ).not.toContain('tia@example.com')
    expect((await send('GET', `/api/users/unsubscribe?token=${'x'.repeat(40)}`)).status).toBe(400)
    expect((await send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(accessToken)}`)).status).toBe(400)
  })

  it('When a mail client unsubscribes with one click (POST), then the user is opted out', async () => {
    const { accessToken } = await customer('uma@example.com')
    await send('PATCH', '/api/users/me', { body: { marketingOptIn: true }, auth: `Bearer ${accessToken}` })
    const service = await serviceToken()
    const uma = (
      await send('GET', '/internal/users/opted-in?limit=100', { auth: `Bearer ${service}` })
    ).body.items.find((u: any) => u.email === 'uma@example.com')
    const res = await send('POST', `/api/users/unsubscribe?token=${encodeURIComponent(uma.unsubscribeToken)}`, oneClick)
    expect(res.status).toBe(200)
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${accessToken}` })).body.marketingOptIn).toBe(false)
  })

  it('When the signing keys rotate (and the old ones leave the JWKS), then unsubscribe links, one-click included, still work for their whole lifetime', async () => {
    const own = await ownUsers()
    try {
      await own.optIn('wes@example.com')
      await own.optIn('xia@example.com')
      const list = await own.optedIn()
      const link = (email: string) => list.find((u: any) => u.email === email).unsubscribeToken as string
      // every key retired long ago, and a new one made: nothing the links were made with is published
      await own.sql`UPDATE signing_keys SET created_at = now() - interval '400 days'`
      await createSigningKeys(own.db, {
        encryptionKey: settings.users.keyEncryptionKey,
        rotationHours: 24,
        tokenTtlSeconds: 900,
      }).rotateIfDue()
      expect(
        (await own.send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(link('wes@example.com'))}`)).status,
      ).toBe(200)
      const clicked = await own.send(
        'POST',
        `/api/users/unsubscribe?token=${encodeURIComponent(link('xia@example.com'))}`,
        oneClick,
      )
      expect(clicked.status).toBe(200)
      expect(await own.optedIn()).toEqual([])
      // an altered link is refused
      const forged = link('wes@example.com').replace(/\.(\d+)\./, (_, n) => `.${Number(n) + 1}.`)
      expect((await own.send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(forged)}`)).status).toBe(400)
    } finally {
      await own.close()
    }
  })

  it('When the opted-in users are paged by keyset and someone opts out between two pages, then nobody is skipped', async () => {
    const own = await ownUsers()
    try {
      const tokens: Record<string, string> = {}
      for (const email of [
        'ka1@example.com',
        'ka2@example.com',
        'ka3@example.com',
        'ka4@example.com',
        'ka5@example.com',
      ])
        tokens[email] = await own.optIn(email)
      const first = (
        await own.send('GET', '/internal/users/opted-in?limit=2', { auth: `Bearer ${await own.service()}` })
      ).body
      // one already mailed opts out: with OFFSET paging the next page would start one too far
      await own.send('PATCH', '/api/users/me', {
        body: { marketingOptIn: false },
        auth: `Bearer ${tokens[first.items[0].email]}`,
      })
      const seen: string[] = first.items.map((u: any) => u.email)
      for (let after = first.next; after; ) {
        const page = (
          await own.send('GET', `/internal/users/opted-in?limit=2&after=${after}`, {
            auth: `Bearer ${await own.service()}`,
          })
        ).body
        seen.push(...page.items.map((u: any) => u.email))
        after = page.next
      }
      expect(seen.sort()).toEqual(Object.keys(tokens).sort())
    } finally {
      await own.close()
    }
  })

  it('When a service asks for the contact details of a user, then it gets e-mail, name and shipping address; customers cannot ask', async () => {
    const { accessToken } = await customer('vic@example.com')
    const address = { line1: '2 Side St', city: 'Shelbyville', postalCode: '54321', country: 'US' }
    const me = (
      await send('PATCH', '/api/users/me', { body: { shippingAddress: address }, auth: `Bearer ${accessToken}` })
    ).body
    const service = await serviceToken()
    expect((await send('GET', `/internal/users/${me.id}`, { auth: `Bearer ${service}` })).body).toEqual({
      id: me.id,
      email: 'vic@example.com',
      name: 'vic',
      roles: ['customer'],
      shippingAddress: address,
      marketingOptIn: false,
      disabled: false,
    })
    expect((await send('GET', `/internal/users/${me.id}`, { auth: `Bearer ${accessToken}` })).status).toBe(403)
    expect((await send('GET', `/internal/users/${crypto.randomUUID()}`, { auth: `Bearer ${service}` })).status).toBe(
      404,
    )
    expect((await send('GET', '/internal/users/not-an-id', { auth: `Bearer ${service}` })).status).toBe(400)
    // support may read a contact, but the list of opted-in users is for sales' campaigns only
    const support = await serviceToken('support')
    expect((await send('GET', `/internal/users/${me.id}`, { auth: `Bearer ${support}` })).status).toBe(200)
    expect((await send('GET', '/internal/users/opted-in', { auth: `Bearer ${support}` })).status).toBe(403)
    expect((await send('GET', '/internal/users/opted-in', { auth: `Bearer ${service}` })).status).toBe(200)
  })
})

describe('signing key rotation', () => {
  it('When the key rotates, then new tokens use the new kid, and a token signed by the old key verifies until its lifetime has passed', async () => {
    const { createTokenVerifier } = await import('@shopfront/kit')
    const keys = createSigningKeys(database.db, {
      encryptionKey: settings.users.keyEncryptionKey,
      rotationHours: 1,
      tokenTtlSeconds: 900,
    })
    const old = (
      await send('POST', '/api/auth/login', { body: { email: 'boss@shop.dev', password: 'boss password 1' } })
    ).body.accessToken
    const oldKid = JSON.parse(Buffer.from(old.split('.')[0], 'base64url').toString()).kid
    await database.sql`update signing_keys set created_at = now() - interval '2 hours'`
    await keys.rotateIfDue()
    const published = await keys.jwks()
    expect(published.keys.map((k) => k.kid)).toContain(oldKid)
    expect(published.keys).toHaveLength(2)
    const verifier = createTokenVerifier({
      fetchJwks: async () => published,
      issuer: 'shopfront-users',
      audience: 'shopfront',
    })
    expect((await verifier.verify(old)).roles).toContain('admin')
    expect((await keys.signingKey()).kid).not.toBe(oldKid)
    // once a token's lifetime has passed since the rotation, the old key is no longer published
    await database.sql`update signing_keys set created_at = created_at - interval '1 hour'`
    expect((await keys.jwks()).keys.map((k) => k.kid)).not.toContain(oldKid)
  })
})
