import { createPasswords } from './accounts/passwords.ts'
import { join } from 'node:path'
import { createMailDispatcher, smtpTransport } from '@shopfront/kit'
import { baseTestSettings, freePort, present, type SendFn, startServiceUnderTest } from '@shopfront/kit/testing'
import { createInboxApp } from '@shopfront/mail-inbox'
import { readMail } from '@shopfront/mail-inbox/decode'
import { startSmtp } from '@shopfront/mail-inbox/smtp'
import { createMessageStore, type Message } from '@shopfront/mail-inbox/store'
import { createApp } from './app.ts'
import { createSigningKeys } from './keys/signing-keys.ts'
import { usersSettings } from './settings.ts'

/** Settings for the users tests: small limits so lockouts and expiry are quick to reach. */
export const settings = usersSettings.parse({
  ...baseTestSettings,
  database: { ...baseTestSettings.database, poolMax: 10 },
  // revocations read on every verify: a revoked token is refused at once, not within 5 s
  auth: { ...baseTestSettings.auth, revocationsTtlMs: 0 },
  users: {
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    keyRotationHours: 24,
    keyEncryptionKey: 'test-key-encryption-key',
    verification: { codeTtlMinutes: 15, maxAttempts: 3, resendAfterSeconds: 60 },
    lockout: { maxFailures: 3, maxFailuresPerIp: 8, minutes: 15 },
    serviceTokenTtlSeconds: 300,
    // argon2id at a test's cost (production's is 64 MiB and 2 passes: a third of a second a hash here)
    passwordHashing: { memoryKiB: 1024, timeCost: 1 },
    serviceClients: { sales: 'sales-secret-0123456789', support: 'support-secret-0123456789' },
  },
  smtp: { host: '127.0.0.1', port: 1025, from: 'Shopfront <no-reply@shopfront.dev>' },
  shop: { publicUrl: 'http://shop.test', mailDomain: 'users.test' },
})

/** HTTP Basic credentials of a service client (`settings.users.serviceClients`). */
export const basicAuth = (client: string, secret = settings.users.serviceClients[client] ?? '') =>
  `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`

/** A service token for `client`, granted by the service-token endpoint with its client credentials. */
export async function serviceTokenFrom(send: SendFn, client = 'sales') {
  const grant = await send('POST', '/internal/service-token', { auth: basicAuth(client) })
  return grant.body.accessToken as string
}

/**
 * The users app under the kit's test harness. Users signs its own tokens (sign in to get
 * one), so the harness's `token` and `as` do not apply to it; `close()` ends it.
 */
export async function startUsers() {
  return startServiceUnderTest({
    name: 'users',
    settings,
    migrations: join(import.meta.dirname, '../drizzle'),
    closeAfterAll: false,
    createApp: ({ db, config, logger }) =>
      createApp({
        db,
        config,
        logger,
        keys: createSigningKeys(db, {
          encryptionKey: settings.users.keyEncryptionKey,
          rotationHours: 24,
          tokenTtlSeconds: 900,
        }),
      }),
  })
}

/** A users service of its own, for tests that change what all users share (signing keys, the opted-in list). */
export async function startOwnUsers() {
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

/** A customer whose e-mail is verified (set in the database, not e-mailed), signed in: the login's answer. */
export async function signedInCustomer(
  users: Pick<Awaited<ReturnType<typeof startUsers>>, 'send' | 'database'>,
  email: string,
  password = 'customer password 1',
) {
  await users.send('POST', '/api/auth/register', { body: { email, password, name: email.split('@')[0] } })
  await users.database.sql`update users set email_verified_at = now() where email = ${email}`
  return (await users.send('POST', '/api/auth/login', { body: { email, password } })).body
}

/**
 * The users app with its e-mails delivered over SMTP to a local inbox: `post` sends JSON,
 * `codeFor` reads the six-digit code of the newest e-mail to an address through the
 * inbox's MailHog API (after delivering what is queued).
 */
export async function startUsersWithInbox() {
  const inbox = createMessageStore()
  const smtpPort = freePort()
  const smtp = await startSmtp(inbox, { port: smtpPort })
  const users = await startUsers()
  const transport = smtpTransport({ host: '127.0.0.1', port: smtpPort })
  const mail = createMailDispatcher({ sql: users.database.sql, transport, from: settings.smtp.from })
  const inboxApp = createInboxApp(inbox)

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    users.send('POST', path, { body, headers })
  const messagesTo = async (email: string) => {
    await mail.flush()
    const res = await inboxApp.request(`/api/v2/search?kind=to&query=${encodeURIComponent(email)}`)
    return ((await res.json()) as { items: Message[] }).items
  }
  const codeFor = async (email: string) => {
    const [newest] = await messagesTo(email)
    const code = newest && /code is (\d{6})/.exec((await readMail(newest)).text ?? '')?.[1]
    return present(code, `an e-mail with a code to ${email}`)
  }

  /** A verified account of the test's own (registered, the e-mailed code entered), so no test needs another's. */
  const verifiedUser = async (email: string, password = 'correct horse battery') => {
    const registered = await post('/api/auth/register', { email, password, name: email.split('@')[0] })
    if (registered.status !== 201) throw new Error(`register ${email}: ${registered.status}`)
    const verified = await post('/api/auth/verify', { email, code: await codeFor(email) })
    if (verified.status !== 200) throw new Error(`verify ${email}: ${verified.status}`)
    return { email, password }
  }

  return {
    ...users,
    post,
    messagesTo,
    codeFor,
    verifiedUser,
    async close() {
      transport.close()
      await smtp.close()
      await users.close()
    },
  }
}

/** Passwords hashed at the tests' cost, for a test that makes its own profiles service. */
export const testPasswords = createPasswords(() => settings.users.passwordHashing)
