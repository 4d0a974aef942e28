import { inBatches } from '@shopfront/kit'
import { afterAll, expect, it } from 'vitest'
import { settings, signedInCustomer, startUsers } from '../testing.ts'
import { sweepLoginFailures } from './sign-in-throttle.ts'
import { sweepRefreshTokens } from './tokens.ts'

const users = await startUsers()
afterAll(() => users.close())
const { sql, db, send } = users

/** What the two sweeps remove in one run, `batches` as the kit's inBatches takes them. */
const sweepExpired = async (batches: { size: number; maxBatches?: number }) => ({
  refreshTokens: await inBatches((size) => sweepRefreshTokens(db, settings.users.accessTokenTtlSeconds, size), batches),
  loginFailures: await inBatches((size) => sweepLoginFailures(db, settings.users.lockout.minutes * 60, size), batches),
})

it('When the sweep runs, then refresh tokens past use and old sign-in failures go, in batches; live, just-expired and ended sessions’ rows stay', async () => {
  const email = `ann-${crypto.randomUUID().slice(0, 8)}@example.com`
  const session = await signedInCustomer(users, email)
  const [{ id: userId }] = await sql`select id from users where email = ${email}`
  // five tokens that ran out two days ago, and one that ran out a minute ago (an access token
  // issued beside it may still be live)
  await sql`insert into refresh_tokens (family_id, user_id, token_hash, expires_at)
    select gen_random_uuid(), ${userId}, 'old-' || n || '-' || gen_random_uuid(), now() - interval '2 days'
    from generate_series(1, 5) n`
  await sql`insert into refresh_tokens (family_id, user_id, token_hash, expires_at)
    values (gen_random_uuid(), ${userId}, ${`recent-${crypto.randomUUID()}`}, now() - interval '1 minute')`
  // a session ended a moment ago: the revocations list names it until its access tokens run out
  const ended = (await send('POST', '/api/auth/login', { body: { email, password: 'customer password 1' } })).body
  const logout = await send('POST', '/api/auth/logout', {
    body: { refreshToken: ended.refreshToken },
    auth: `Bearer ${ended.accessToken}`,
  })
  expect(logout.status).toBe(204)
  const key = `pair:${email}|10.0.0.1`
  await sql`insert into login_failures (key, failures, last_failure_at) values
    (${key}, 4, now() - interval '1 hour'), (${`${key}-recent`}, 2, now() - interval '1 minute')`
  const rows = async () =>
    (await sql`select count(*)::int as n from refresh_tokens where user_id = ${userId}`)[0].n as number
  expect(await rows()).toBe(8)

  // batches of two: three rounds for the five old tokens
  const gone = await sweepExpired({ size: 2 })

  expect(gone.refreshTokens).toBeGreaterThanOrEqual(5)
  expect(gone.loginFailures).toBeGreaterThanOrEqual(1)
  expect(await rows()).toBe(3)
  expect((await sql`select key from login_failures where key like ${`${key}%`}`).map((r) => r.key)).toEqual([
    `${key}-recent`,
  ])
  // the live session still refreshes; the ended one is still listed
  expect((await send('POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(200)
  const [{ family_id: endedFamily }] =
    await sql`select family_id from refresh_tokens where user_id = ${userId} and revoked_at is not null`
  expect((await send('GET', '/.well-known/revocations.json')).body.sessions).toContain(endedFamily)
})

it('When there are more rows past use than a run takes, then the run stops at its last batch and the next goes on', async () => {
  const email = `bob-${crypto.randomUUID().slice(0, 8)}@example.com`
  await signedInCustomer(users, email)
  const [{ id: userId }] = await sql`select id from users where email = ${email}`
  await sql`insert into refresh_tokens (family_id, user_id, token_hash, expires_at)
    select gen_random_uuid(), ${userId}, 'old-' || n || '-' || gen_random_uuid(), now() - interval '2 days'
    from generate_series(1, 7) n`
  const old = async () =>
    (await sql`select count(*)::int as n from refresh_tokens where user_id = ${userId} and token_hash like 'old-%'`)[0]
      .n as number

  await sweepExpired({ size: 2, maxBatches: 2 })
  expect(await old()).toBeLessThanOrEqual(3)
  await sweepExpired({ size: 2, maxBatches: 2 })
  await sweepExpired({ size: 2, maxBatches: 2 })
  expect(await old()).toBe(0)
})
