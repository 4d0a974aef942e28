import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMail } from '@shopfront/mail-inbox/decode'
import { startUsersWithInbox } from '../testing.ts'

let users: Awaited<ReturnType<typeof startUsersWithInbox>>
beforeAll(async () => {
  users = await startUsersWithInbox()
})
afterAll(() => users.close())

/** A verified account of the test's own, signed in once (its session is what a reset must end). */
async function verifiedUser(email: string, password = 'first long secret') {
  await users.verifiedUser(email, password)
  const login = await users.post('/api/auth/login', { email, password })
  expect(login.status).toBe(200)
  return login.body as { accessToken: string; refreshToken: string }
}

describe('password reset by an e-mailed code', () => {
  it('When a user resets their password with the e-mailed code, then the new one signs in, the old one does not, and every session ends', async () => {
    const { post, codeFor, messagesTo } = users
    const session = await verifiedUser('cleo@example.com')
    expect((await post('/api/auth/password-reset', { email: ' Cleo@Example.com ' })).status).toBe(202)
    const [mail] = await messagesTo('cleo@example.com')
    expect(mail?.Content.Headers.Subject?.[0]).toMatch(/password reset code/)
    const code = await codeFor('cleo@example.com')
    expect(code).toMatch(/^\d{6}$/)
    // the HTML part: the shop's layout, the code standing out, a button to the shop's page
    const html = (await readMail(mail)).html ?? ''
    expect(html).toMatch(new RegExp(`letter-spacing:8px;color:#1d2421">${code}</td>`))
    expect(html).toContain('href="http://shop.test/password-reset/confirm?email=cleo%40example.com"')

    const confirmed = await post('/api/auth/password-reset/confirm', {
      email: 'cleo@example.com',
      code,
      newPassword: 'second long secret',
    })
    expect(confirmed.status).toBe(204)
    expect((await post('/api/auth/login', { email: 'cleo@example.com', password: 'first long secret' })).status).toBe(
      401,
    )
    expect((await post('/api/auth/login', { email: 'cleo@example.com', password: 'second long secret' })).status).toBe(
      200,
    )
    expect((await post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401)
    const me = await users.send('GET', '/api/users/me', { auth: `Bearer ${session.accessToken}` })
    expect(me.status, 'the access token of the session before the reset').toBe(401)
    // the code is used up
    const again = await post('/api/auth/password-reset/confirm', {
      email: 'cleo@example.com',
      code,
      newPassword: 'third long secret',
    })
    expect(again.status).toBe(422)
  })

  it('When anyone asks for a reset, then the answer is the same for unknown e-mails, and a second request within a minute sends nothing', async () => {
    const { post, messagesTo } = users
    await verifiedUser('dan@example.com')
    const unknown = await post('/api/auth/password-reset', { email: 'nobody-here@example.com' })
    const known = await post('/api/auth/password-reset', { email: 'dan@example.com' })
    expect([unknown.status, known.status]).toEqual([202, 202])
    expect(unknown.body).toEqual(known.body)
    expect(await messagesTo('nobody-here@example.com')).toHaveLength(0)
    expect((await post('/api/auth/password-reset', { email: 'dan@example.com' })).status).toBe(202)
    const resets = (await messagesTo('dan@example.com')).filter((m) =>
      /reset/.test(m.Content.Headers.Subject?.[0] ?? ''),
    )
    expect(resets).toHaveLength(1)
  })

  it('When codes are guessed, then after the allowed tries the right code no longer works and the password is unchanged', async () => {
    const { post, codeFor } = users
    await verifiedUser('eve@example.com')
    await post('/api/auth/password-reset', { email: 'eve@example.com' })
    const code = await codeFor('eve@example.com')
    const wrongCode = code === '000000' ? '111111' : '000000'
    const attempt = (c: string) =>
      post('/api/auth/password-reset/confirm', { email: 'eve@example.com', code: c, newPassword: 'taken over 123' })
    for (let i = 0; i < 3; i++) expect((await attempt(wrongCode)).status).toBe(422)
    const usedUp = await attempt(code)
    expect(usedUp.status).toBe(422)
    const unknown = await post('/api/auth/password-reset/confirm', {
      email: 'nobody-here@example.com',
      code: '123456',
      newPassword: 'taken over 123',
    })
    expect(unknown.body.detail).toBe(usedUp.body.detail)
    expect((await post('/api/auth/login', { email: 'eve@example.com', password: 'first long secret' })).status).toBe(
      200,
    )
  })

  it('When the request is bad, then a 400 problem and the password is unchanged', async () => {
    const { post, codeFor } = users
    await verifiedUser('finn@example.com')
    await post('/api/auth/password-reset', { email: 'finn@example.com' })
    const code = await codeFor('finn@example.com')
    for (const body of [
      {},
      { email: 'not-an-email' },
      { email: 'finn@example.com', code, newPassword: 'short' },
      { email: 'finn@example.com', code, newPassword: 'password123' },
      { email: 'finn@example.com', code: '12ab56', newPassword: 'long enough 123' },
      { email: 'finn@example.com', code, newPassword: 'long enough 123', extra: 1 },
    ]) {
      const path = 'code' in body ? '/api/auth/password-reset/confirm' : '/api/auth/password-reset'
      const res = await post(path, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
    }
    expect((await post('/api/auth/login', { email: 'finn@example.com', password: 'first long secret' })).status).toBe(
      200,
    )
  })
})
