import { afterAll, describe, expect, it } from 'vitest'
import { signedInCustomer, startUsers } from '../testing.ts'

const users = await startUsers()
const { send, database } = users
afterAll(() => users.close())

const accountOf = async (id: string) => (await database.sql`select * from users where id = ${id}`)[0]

describe('a customer deleting their account', () => {
  it('When a customer deletes their account with their password, then its personal data is erased, every session ends, a last e-mail says so, and the address can register again', async () => {
    const email = `leaving-${crypto.randomUUID()}@example.com`
    const session = await signedInCustomer(users, email)
    const auth = `Bearer ${session.accessToken}`
    const me = (await send('GET', '/api/users/me', { auth })).body
    await send('PATCH', '/api/users/me', {
      auth,
      body: {
        phone: '+44 20 7946 0000',
        marketingOptIn: true,
        shippingAddress: { line1: '1 Lane', city: 'London', postalCode: 'N1 1AA', country: 'GB' },
      },
    })

    expect((await send('DELETE', '/api/users/me', { auth, body: { password: 'customer password 1' } })).status).toBe(
      204,
    )

    const row = await accountOf(me.id)
    expect(row).toMatchObject({
      email: `deleted-${me.id}@deleted.invalid`,
      name: 'Deleted account',
      phone: null,
      shipping_address: null,
      marketing_opt_in: false,
      disabled: true,
      email_verified_at: null,
    })
    expect(row?.deleted_at).toBeInstanceOf(Date)
    expect((await send('GET', '/api/users/me', { auth })).status).toBe(401)
    expect((await send('POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401)
    expect((await send('POST', '/api/auth/login', { body: { email, password: 'customer password 1' } })).status).toBe(
      401,
    )
    const mail = (await users.outbox(email)).at(-1)
    expect(mail?.subject).toBe('Your Shopfront account is deleted')
    expect(mail?.text_body).toContain('Orders you placed stay in our books')
    const admin = `admin-${crypto.randomUUID()}@example.com`
    await signedInCustomer(users, admin)
    await database.sql`update users set roles = '{customer,admin}' where email = ${admin}`
    const boss = await send('POST', '/api/auth/login', { body: { email: admin, password: 'customer password 1' } })
    const reopen = await send('PATCH', `/api/users/${me.id}`, {
      auth: `Bearer ${boss.body.accessToken}`,
      body: { disabled: false },
    })
    expect(reopen.status).toBe(409)
    const seen = await send('GET', `/api/users/${me.id}`, { auth: `Bearer ${boss.body.accessToken}` })
    expect(seen.body).toMatchObject({ name: 'Deleted account', disabled: true, deletedAt: expect.any(String) })
    expect((await accountOf(me.id))?.disabled).toBe(true)
    expect(
      (await send('POST', '/api/auth/register', { body: { email, password: 'a new password 1', name: 'Back' } }))
        .status,
    ).toBe(201)
  })

  it('When the password is wrong, a staff member asks, or the body is not what is asked, then the account stays as it was', async () => {
    const email = `staying-${crypto.randomUUID()}@example.com`
    const session = await signedInCustomer(users, email)
    const auth = `Bearer ${session.accessToken}`
    const me = (await send('GET', '/api/users/me', { auth })).body
    const before = await accountOf(me.id)

    const wrong = await send('DELETE', '/api/users/me', { auth, body: { password: 'not my password' } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.errors).toEqual([{ path: 'password', message: 'wrong' }])
    expect((await send('DELETE', '/api/users/me', { auth })).status).toBe(415)
    for (const body of [{}, { password: '' }, { password: 'customer password 1', also: 1 }])
      expect((await send('DELETE', '/api/users/me', { auth, body })).status).toBe(400)
    expect(await accountOf(me.id)).toEqual(before)
    expect((await send('GET', '/api/users/me', { auth })).status).toBe(200)

    await database.sql`update users set roles = '{customer,support}' where id = ${me.id}`
    const staff = await send('POST', '/api/auth/login', { body: { email, password: 'customer password 1' } })
    const refused = await send('DELETE', '/api/users/me', {
      auth: `Bearer ${staff.body.accessToken}`,
      body: { password: 'customer password 1' },
    })
    expect(refused.status).toBe(409)
    expect(refused.body.detail).toMatch(/an admin disables it/)
    expect((await accountOf(me.id))?.deleted_at).toBeNull()
  })
})

describe("an admin deleting a customer's account", () => {
  it('When an admin deletes a customer who asked, then it is erased as their own deletion erases it; a staff account, one deleted already, or a non-admin asking changes nothing', async () => {
    const admin = `admin-${crypto.randomUUID()}@example.com`
    await signedInCustomer(users, admin)
    await database.sql`update users set roles = '{customer,admin}' where email = ${admin}`
    const boss = `Bearer ${(await send('POST', '/api/auth/login', { body: { email: admin, password: 'customer password 1' } })).body.accessToken}`
    const bossId = (await send('GET', '/api/users/me', { auth: boss })).body.id
    const email = `asked-${crypto.randomUUID()}@example.com`
    const session = await signedInCustomer(users, email)
    const auth = `Bearer ${session.accessToken}`
    const { id } = (await send('GET', '/api/users/me', { auth })).body

    expect((await send('DELETE', `/api/users/${id}`, { auth })).status).toBe(403)
    expect((await send('DELETE', `/api/users/${bossId}`, { auth: boss })).status).toBe(409)
    expect((await accountOf(bossId))?.deleted_at).toBeNull()
    expect((await accountOf(id))?.deleted_at).toBeNull()

    expect((await send('DELETE', `/api/users/${id}`, { auth: boss })).status).toBe(204)
    expect(await accountOf(id)).toMatchObject({
      name: 'Deleted account',
      disabled: true,
      email: `deleted-${id}@deleted.invalid`,
    })
    expect((await send('GET', '/api/users/me', { auth })).status).toBe(401)
    expect((await users.outbox(email)).at(-1)?.subject).toBe('Your Shopfront account is deleted')
    expect((await send('DELETE', `/api/users/${id}`, { auth: boss })).status).toBe(404)
  })
})
