import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenVerifier } from '@shopfront/kit'
import { documentedAnswers } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { startUsersWithInbox } from '../testing.ts'

let users: Awaited<ReturnType<typeof startUsersWithInbox>>
let database: typeof users.database
let send: typeof users.send
let post: typeof users.post
let codeFor: typeof users.codeFor
let verifiedUser: typeof users.verifiedUser

beforeAll(async () => {
  users = await startUsersWithInbox()
  ;({ database, send, post, codeFor, verifiedUser } = users)
})
afterAll(() => users.close())

describe('registration, verification and sign-in', () => {
  it('When a user registers, then a code is e-mailed, login waits for verification, and the code verifies the e-mail and signs in', async () => {
    const registered = await post('/api/auth/register', {
      email: '  Ann@Example.com ',
      password: 'correct horse battery',
      name: 'Ann',
    })
    expect(registered.status).toBe(201)
    expect(registered.body).toMatchObject({
      email: 'ann@example.com',
      name: 'Ann',
      roles: ['customer'],
      emailVerified: false,
    })
    expect(JSON.stringify(registered.body)).not.toMatch(/argon|password/i)
    expect(
      (await post('/api/auth/login', { email: 'ann@example.com', password: 'correct horse battery' })).status,
    ).toBe(403)
    const code = await codeFor('ann@example.com')
    expect(code).toMatch(/^\d{6}$/)
    const verified = await post('/api/auth/verify', { email: 'ANN@example.com', code })
    expect(verified.body).toMatchObject({ verified: true, tokenType: 'Bearer', expiresIn: 900 })
    expect((await documentedAnswers(openApiDocument))('post', '/api/auth/verify', 200, verified.body)).toEqual([])
    const me = await send('GET', '/api/users/me', { auth: `Bearer ${verified.body.accessToken}` })
    expect(me.body).toMatchObject({ email: 'ann@example.com', emailVerified: true })
    expect((await post('/api/auth/refresh', { refreshToken: verified.body.refreshToken })).status).toBe(200)
    const login = await post('/api/auth/login', { email: 'ann@example.com', password: 'correct horse battery' })
    expect(login.status).toBe(200)
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 })
  })

  it('When a disabled account is verified, then the e-mail counts as verified and no tokens are given', async () => {
    await post('/api/auth/register', { email: 'dora@example.com', password: 'correct horse battery', name: 'Dora' })
    await database.sql`update users set disabled = true where email = 'dora@example.com'`
    const verified = await post('/api/auth/verify', {
      email: 'dora@example.com',
      code: await codeFor('dora@example.com'),
    })
    expect(verified.body).toEqual({ verified: true })
    expect((await documentedAnswers(openApiDocument))('post', '/api/auth/verify', 200, verified.body)).toEqual([])
    const [row] = await database.sql`select email_verified_at from users where email = 'dora@example.com'`
    expect(row.email_verified_at).not.toBeNull()
    expect(
      (await post('/api/auth/login', { email: 'dora@example.com', password: 'correct horse battery' })).status,
    ).toBe(403)
  })

  it('When a token is issued, then it verifies against the published JWKS with kid, iss, aud, roles and the user’s e-mail and name', async () => {
    const cleo = await verifiedUser('cleo@example.com')
    const { body } = await post('/api/auth/login', cleo)
    const jwks = await send('GET', '/.well-known/jwks.json')
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300')
    const keys = jwks.body
    expect(keys.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })
    expect(JSON.stringify(keys)).not.toContain('"d"')
    const verifier = createTokenVerifier({
      fetchJwks: async () => keys,
      issuer: 'shopfront-users',
      audience: 'shopfront',
    })
    expect(await verifier.verify(body.accessToken)).toMatchObject({
      roles: ['customer'],
      claims: { email: 'cleo@example.com', name: expect.any(String) },
    })
    const profile = (await send('GET', '/api/users/me', { auth: `Bearer ${body.accessToken}` })).body
    expect(profile).toMatchObject({ email: 'cleo@example.com', emailVerified: true })
    // the answers are what the OpenAPI document states
    const documented = await documentedAnswers(openApiDocument)
    expect(documented('get', '/api/users/me', 200, profile)).toEqual([])
    expect(documented('post', '/api/auth/login', 200, body)).toEqual([])
    expect(documented('get', '/.well-known/jwks.json', 200, keys)).toEqual([])
  })

  it('When a refresh token is used, then it rotates; used again, the whole family is revoked; logout revokes too', async () => {
    const dan = await verifiedUser('dan@example.com')
    const first = (await post('/api/auth/login', dan)).body
    const second = await post('/api/auth/refresh', { refreshToken: first.refreshToken })
    expect(second.status).toBe(200)
    expect(second.body.refreshToken).not.toBe(first.refreshToken)
    // a refreshed token carries the contact too (what sales writes to while users is down)
    expect(decodeJwt(second.body.accessToken)).toMatchObject({ email: 'dan@example.com', name: expect.any(String) })
    expect((await post('/api/auth/refresh', { refreshToken: first.refreshToken })).status).toBe(401)
    // the reuse revoked the family: the newer token is dead too
    expect((await post('/api/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401)
    const session = (await post('/api/auth/login', dan)).body
    expect(
      (
        await post(
          '/api/auth/logout',
          { refreshToken: session.refreshToken },
          { authorization: `Bearer ${session.accessToken}` },
        )
      ).status,
    ).toBe(204)
    expect((await post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401)
  })

  it('When a session ends (signed out, or its refresh token used twice), then its access tokens stop; the same user’s other session goes on', async () => {
    const erin = await verifiedUser('erin@example.com')
    const me = (token: string) => send('GET', '/api/users/me', { auth: `Bearer ${token}` })
    const phone = (await post('/api/auth/login', erin)).body
    const laptop = (await post('/api/auth/login', erin)).body
    const refreshed = (await post('/api/auth/refresh', { refreshToken: phone.refreshToken })).body
    expect((await me(phone.accessToken)).status).toBe(200)
    const logout = await post(
      '/api/auth/logout',
      { refreshToken: refreshed.refreshToken },
      { authorization: `Bearer ${refreshed.accessToken}` },
    )
    expect(logout.status).toBe(204)
    // both access tokens of the session, the first and the refreshed one
    for (const token of [phone.accessToken, refreshed.accessToken]) {
      const refused = await me(token)
      expect(refused.status).toBe(401)
      expect(refused.body.detail).toBe('The session has ended: sign in again.')
    }
    expect((await me(laptop.accessToken)).status).toBe(200)
    // a refresh token used twice was stolen: the session's access tokens stop, the thief's and the owner's
    const thief = (await post('/api/auth/refresh', { refreshToken: laptop.refreshToken })).body
    expect((await post('/api/auth/refresh', { refreshToken: laptop.refreshToken })).status).toBe(401)
    expect((await me(thief.accessToken)).status).toBe(401)
    expect((await me(laptop.accessToken)).status).toBe(401)
    const listed = (await send('GET', '/.well-known/revocations.json')).body
    expect(listed.sessions).toEqual(
      expect.arrayContaining([decodeJwt(phone.accessToken).sid, decodeJwt(laptop.accessToken).sid]),
    )
    expect((await documentedAnswers(openApiDocument))('get', '/.well-known/revocations.json', 200, listed)).toEqual([])
  })

  it('When credentials are wrong, then unknown e-mail and wrong password answer alike; repeated failures slow that address down, not the owner', async () => {
    await verifiedUser('eve@example.com')
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    const signIn = (email: string, password: string, ip: string) =>
      post('/api/auth/login', { email, password }, from(ip))
    const unknown = await signIn('nobody@example.com', 'whatever123', '198.51.100.40')
    const wrong = await signIn('eve@example.com', 'not the password', '198.51.100.40')
    expect([unknown.status, wrong.status]).toEqual([401, 401])
    expect(unknown.body.detail).toBe(wrong.body.detail)
    await signIn('eve@example.com', 'not the password', '198.51.100.40')
    await signIn('eve@example.com', 'not the password', '198.51.100.40')
    // the guesser's address now waits before every try, the right password included
    const slowed = await signIn('eve@example.com', 'correct horse battery', '198.51.100.40')
    expect(slowed.status).toBe(429)
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0)
    // the owner, from her own address, signs in at once
    expect((await signIn('eve@example.com', 'correct horse battery', '198.51.100.41')).status).toBe(200)
  })

  it('When codes are wrong too often or resent too soon, then the code is used up and a resend waits; an unknown e-mail learns nothing', async () => {
    await post('/api/auth/register', { email: 'bob@example.com', password: 'another long secret', name: 'Bob' })
    for (let i = 0; i < 3; i++)
      expect((await post('/api/auth/verify', { email: 'bob@example.com', code: '000000' })).status).toBe(422)
    const usedUp = await post('/api/auth/verify', {
      email: 'bob@example.com',
      code: await codeFor('bob@example.com'),
    })
    expect(usedUp.status).toBe(422)
    // an unknown e-mail, a used-up code and an account already verified all get this one answer
    const unknown = await post('/api/auth/verify', { email: 'nobody-at-all@example.com', code: '123456' })
    await verifiedUser('fay@example.com')
    const verified = await post('/api/auth/verify', { email: 'fay@example.com', code: '123456' })
    expect([unknown.status, verified.status]).toEqual([422, 422])
    expect(new Set([usedUp.body.detail, unknown.body.detail, verified.body.detail]).size).toBe(1)
    expect((await post('/api/auth/resend-code', { email: 'bob@example.com' })).status).toBe(429)
    expect((await post('/api/auth/resend-code', { email: 'nobody@example.com' })).status).toBe(202)
  })

  it('When the registration is bad, then a 4xx problem and nothing is stored', async () => {
    await verifiedUser('gus@example.com')
    const count = async () => Number((await database.sql`select count(*) from users`)[0].count)
    const before = await count()
    for (const [body, status] of [
      [{ email: 'not-an-email', password: 'long enough pw', name: 'X' }, 400],
      [{ email: 'x@example.com', password: 'short', name: 'X' }, 400],
      [{ email: 'x@example.com', password: 'password123', name: 'X' }, 400],
      [{ email: 'x@example.com', password: 'long enough pw', name: '' }, 400],
      [{ email: 'x@example.com', password: 'long enough pw', name: 'X', roles: ['admin'] }, 400],
      [{ email: 'GUS@example.com', password: 'long enough pw', name: 'Ann again' }, 409],
    ] as const) {
      expect((await post('/api/auth/register', body)).status, JSON.stringify(body)).toBe(status)
    }
    expect(await count()).toBe(before)
  })
})
describe('sign-in lockout per address', () => {
  it('When one address keeps failing for accounts that do not exist, then its wrong sign-ins are refused alike, while a right password still gets through', async () => {
    await post('/api/auth/register', { email: 'ivy@example.com', password: 'ivy long password', name: 'Ivy' })
    const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.99, ${ip}` })
    const signIn = (email: string, password: string, ip: string) =>
      post('/api/auth/login', { email, password }, from(ip))
    for (let i = 0; i < 8; i++)
      expect((await signIn(`probe${i}@example.com`, 'guess guess', '198.51.100.7')).status).toBe(401)
    // probing on learns nothing: unknown accounts and wrong passwords are the same 429
    const probe = await signIn('probe99@example.com', 'guess guess', '198.51.100.7')
    const guess = await signIn('ivy@example.com', 'wrong wrong', '198.51.100.7')
    expect([probe.status, guess.status]).toEqual([429, 429])
    expect(probe.body.detail).toBe(guess.body.detail)
    // Ivy, behind the same address (a shared proxy), gets her own answer (not verified yet)
    expect((await signIn('ivy@example.com', 'ivy long password', '198.51.100.7')).status).toBe(403)
  })
})

describe('bad input on every auth endpoint', () => {
  it('When bodies are malformed, mistyped or incomplete, then each is a 4xx problem and nothing changes', async () => {
    const count = async () => {
      const [row] = await database.sql`
        select (select count(*) from users) + (select count(*) from refresh_tokens) + (select count(*) from mail_outbox) as n`
      return Number(row?.n)
    }
    const before = await count()
    const cases: [string, unknown][] = [
      ['/api/auth/verify', { email: 'ann@example.com', code: 'abc' }],
      ['/api/auth/verify', { email: 'ann@example.com' }],
      ['/api/auth/verify', { email: 'nope', code: '123456' }],
      ['/api/auth/resend-code', {}],
      ['/api/auth/resend-code', { email: 42 }],
      ['/api/auth/login', { email: 'ann@example.com' }],
      ['/api/auth/login', { email: 'ann@example.com', password: '' }],
      ['/api/auth/login', { email: ['ann@example.com'], password: 'x' }],
      ['/api/auth/refresh', {}],
      ['/api/auth/refresh', { refreshToken: 'short' }],
      ['/api/auth/register', { email: 'z@example.com', password: 'long enough pw' }],
    ]
    for (const [path, body] of cases) {
      const res = await post(path, body)
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
    const malformed = await send('POST', '/api/auth/login', { body: '{"email":' })
    expect(malformed.status).toBe(400)
    const wrongType = await send('POST', '/api/auth/login', {
      body: 'email=x',
      headers: { 'content-type': 'text/plain' },
    })
    expect(wrongType.status).toBe(415)
    expect((await post('/api/auth/logout', { refreshToken: 'x'.repeat(30) })).status).toBe(401)
    expect(await count()).toBe(before)
  })
})
