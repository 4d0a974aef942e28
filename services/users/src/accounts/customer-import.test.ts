import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentedAnswers } from '@shopfront/kit/testing'
import { readMail } from '@shopfront/mail-inbox/decode'
import { customerImportResult } from '../contract.ts'
import { openApiDocument } from '../openapi.ts'
import { signedInCustomer, startUsersWithInbox } from '../testing.ts'

let users: Awaited<ReturnType<typeof startUsersWithInbox>>
let admin = ''
const documented = await documentedAnswers(openApiDocument)
beforeAll(async () => {
  users = await startUsersWithInbox()
  const email = `importer-${crypto.randomUUID()}@example.com`
  await signedInCustomer(users, email)
  await users.database.sql`update users set roles = '{customer,admin}' where email = ${email}`
  const login = await users.post('/api/auth/login', { email, password: 'customer password 1' })
  admin = `Bearer ${login.body.accessToken}`
})
afterAll(() => users.close())

const run = crypto.randomUUID().slice(0, 8)
const address = { line1: '5 Oak Ave', city: 'Springfield', postalCode: '12345', country: 'US' }
const importing = (body: unknown, auth = admin) => users.send('POST', '/api/users/import', { body, auth })
const accountOf = async (email: string) => (await users.database.sql`select * from users where email = ${email}`)[0]
const count = async () => (await users.database.sql`select count(*)::int as n from users`)[0].n

describe('customers brought over from another system', () => {
  it('When an admin imports customers, then each new e-mail gets an account that signs in only after the password reset, and one that had an account is left as it was', async () => {
    const known = `known-${run}@example.com`
    await signedInCustomer(users, known)
    const res = await importing({
      users: [
        {
          email: ` Ada-${run}@Example.com `,
          name: 'Ada',
          phone: '+1 555 0100',
          shippingAddress: address,
          marketingOptIn: true,
        },
        { email: `bo-${run}@example.com`, name: 'Bo' },
        { email: known, name: 'Someone Else' },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ created: 2, existing: 1, erased: 0 })
    expect(customerImportResult.strict().safeParse(res.body).error).toBeUndefined()
    expect(documented('post', '/api/users/import', 200, res.body)).toEqual([])
    const ada = await accountOf(`ada-${run}@example.com`)
    expect(ada).toMatchObject({
      name: 'Ada',
      phone: '+1 555 0100',
      shipping_address: address,
      marketing_opt_in: true,
      roles: ['customer'],
      email_verified_at: null,
      disabled: false,
    })
    expect((await accountOf(known)).name).not.toBe('Someone Else')
    // no invitation asked: no e-mail
    expect(await users.messagesTo(`ada-${run}@example.com`)).toEqual([])

    // nobody knows the password it came with; the reset sets one and verifies the address
    const email = `ada-${run}@example.com`
    for (const guess of ['', 'password', crypto.randomUUID()])
      expect((await users.post('/api/auth/login', { email, password: guess || 'x' })).status).toBe(401)
    expect((await users.post('/api/auth/password-reset', { email })).status).toBe(202)
    const code = await users.codeFor(email)
    const confirmed = await users.post('/api/auth/password-reset/confirm', {
      email,
      code,
      newPassword: 'my own secret 1',
    })
    expect(confirmed.status).toBe(204)
    expect((await users.post('/api/auth/login', { email, password: 'my own secret 1' })).status).toBe(200)
    expect((await accountOf(email)).email_verified_at).toBeInstanceOf(Date)
  })

  it('When the admin asks to invite them, then each new customer gets one e-mail leading to the password reset', async () => {
    const email = `cy-${run}@example.com`
    const res = await importing({ users: [{ email, name: 'Cy' }], invite: true })
    expect(res.body).toEqual({ created: 1, existing: 0, erased: 0 })
    const again = await importing({ users: [{ email, name: 'Cy' }], invite: true })
    expect(again.body).toEqual({ created: 0, existing: 1, erased: 0 })
    const mails = await users.messagesTo(email)
    expect(mails.map((m) => m.Content.Headers.Subject?.[0])).toEqual(['Your Shopfront account is ready'])
    const { text, html } = await readMail(mails[0] ?? ({} as never))
    expect(text).toContain(`http://shop.test/password-reset?email=cy-${run}%40example.com`)
    expect(html).toContain('Choose a password')
  })

  it('When an old list names a customer who deleted their account, then they are passed over: no account, no e-mail, their address kept only as a digest; they may still register again', async () => {
    const email = `gone-${run}@example.com`
    const auth = `Bearer ${(await signedInCustomer(users, email)).accessToken}`
    const deleted = await users.send('DELETE', '/api/users/me', { auth, body: { password: 'customer password 1' } })
    expect(deleted.status).toBe(204)
    const before = await count()
    // as another system spells it: the same address
    const old = { email: ` GONE-${run}@Example.com`, name: 'Gone', marketingOptIn: true }
    const res = await importing({ users: [old, { email: `new-${run}@example.com`, name: 'New' }], invite: true })
    expect(res.body).toEqual({ created: 1, existing: 0, erased: 1 })
    expect(documented('post', '/api/users/import', 200, res.body)).toEqual([])
    expect(await accountOf(email)).toBeUndefined()
    expect(await count()).toBe(before + 1)
    const invited = await users.messagesTo(`new-${run}@example.com`)
    expect(invited.map((m) => m.Content.Headers.Subject?.[0])).toEqual(['Your Shopfront account is ready'])
    expect((await users.messagesTo(email)).map((m) => m.Content.Headers.Subject?.[0])).not.toContain(
      'Your Shopfront account is ready',
    )
    const kept = await users.database.sql`select digest from erased_addresses`
    expect(kept.length).toBeGreaterThan(0)
    expect(JSON.stringify(kept)).not.toMatch(/gone/i)

    // they come back on their own: a new account; an import then finds it, as any other
    expect((await users.post('/api/auth/register', { email, password: 'back again 1', name: 'Back' })).status).toBe(201)
    expect((await importing({ users: [old] })).body).toEqual({ created: 0, existing: 1, erased: 0 })
  })

  it('When the customers are wrong, or the caller no admin, then a 4xx and nobody is imported', async () => {
    const before = await count()
    const paths = async (body: unknown) => {
      const res = await importing(body)
      expect(res.status).toBe(400)
      return res.body.errors.map((e: { path: string }) => e.path)
    }
    expect(
      await paths({
        users: [
          { email: 'not an address', name: '' },
          { email: `dee-${run}@example.com`, name: 'Dee', shippingAddress: { ...address, country: 'usa' } },
          { email: `DEE-${run}@example.com`, name: 'Dee again', phone: 'call me' },
        ],
      }),
    ).toEqual(['users.0.email', 'users.0.name', 'users.1.shippingAddress.country', 'users.2.phone', 'users.2.email'])
    expect(await paths({ users: [] })).toEqual(['users'])
    expect(await paths({ users: [{ email: `eve-${run}@example.com`, name: 'Eve', roles: ['admin'] }] })).toEqual([
      'users.0',
    ])
    const customer = await signedInCustomer(users, `frank-${run}@example.com`)
    const one = { users: [{ email: `gus-${run}@example.com`, name: 'Gus' }] }
    expect((await importing(one, `Bearer ${customer.accessToken}`)).status).toBe(403)
    expect((await users.send('POST', '/api/users/import', { body: one })).status).toBe(401)
    // frank signed up meanwhile: one more, and only that
    expect(await count()).toBe(before + 1)
  })
})
