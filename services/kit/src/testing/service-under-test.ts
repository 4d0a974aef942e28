import { afterAll } from 'vitest'
import { createTokenVerifier, type TokenVerifier } from '../auth/token-verifier.ts'
import type { LiveConfig } from '../config/live-config.ts'
import { connectDatabase, type Database, migrateDatabase, type PostgresJsDatabase } from '../db.ts'
import { createMemoryLogger, type Logger } from '../logger.ts'
import type { FetchApp } from '../serve.ts'
import { createTestDatabase } from './database.ts'
import { createTestIssuer } from './issuer.ts'
import { staticConfig } from './static-config.ts'

/** An answer as tests read it: the status, the headers and the body (JSON parsed, else the text; undefined when empty). */
export interface Sent {
  status: number
  headers: Headers
  body: any
  text: string
}

/** An e-mail in the outbox, as its table holds it. */
export interface OutboxRow {
  id: number
  message_id: string
  to_address: string
  subject: string
  text_body: string
  html_body: string | null
  headers: Record<string, string>
  status: 'pending' | 'sent' | 'dead'
  attempts: number
  created_at: Date
  sent_at: Date | null
}

export interface SendOptions {
  body?: unknown
  /** The Authorization header: `await token(sub, roles)`, or one of `as`. */
  auth?: string | undefined
  headers?: Record<string, string>
}

/** What a service's createApp gets from the harness. */
export interface HarnessDeps<S> {
  /** Its database through drizzle, as `runService` hands it over. */
  db: PostgresJsDatabase
  /** The pool itself (postgres.js). */
  database: Database
  config: LiveConfig<S> & { set(next: S): void }
  logger: Logger
  /** Verifies the harness's tokens (`token`, `as`). */
  verifier: TokenVerifier
}

export type SendFn = (method: string, path: string, options?: SendOptions) => Promise<Sent>

/**
 * A request to an app in the process, read as tests read answers. A string body is sent
 * as it is (bad JSON on purpose); anything else as JSON.
 *
 * @example
 *   const send = sender(app)
 *   expect((await send('POST', '/api/things', { body: { name: 'a' }, auth })).status).toBe(201)
 */
export function sender(app: { request(path: string, init: RequestInit): Response | Promise<Response> }): SendFn {
  return async (method, path, { body, auth, headers = {} } = {}) => {
    const res = await app.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(auth ? { authorization: auth } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown = text || undefined
    if (text && /json/.test(res.headers.get('content-type') ?? '')) parsed = JSON.parse(text)
    return { status: res.status, headers: res.headers, body: parsed, text }
  }
}

type TestableApp = FetchApp & Parameters<typeof sender>[0]

/**
 * One service under test, the same way for every service: its app in this process over a
 * fresh, migrated database, with tokens from a test issuer its verifier trusts.
 * - `send(method, path, { body, auth, headers })` answers `{ status, headers, body, text }`;
 * - `token(sub, roles)` signs an Authorization header; `as.admin`, `as.support`,
 *   `as.customer` are ready ones, `as.service('sales')` a neighbour's;
 * - `sql` and `db` reach its database, `outbox(to)` the e-mails it queued, `logs` its log lines.
 * Everything is closed and the database dropped after the file's tests (or at `close()`).
 *
 * @example
 *   const { send, as } = await startServiceUnderTest({ name: 'cart', settings, migrations, createApp: (deps) => createApp({ ...deps, products }) })
 */
export async function startServiceUnderTest<S, P extends TestableApp | { app: TestableApp }>({
  name,
  settings,
  migrations,
  mailOutbox = false,
  poolMax = 20,
  closeAfterAll = true,
  issuer: given,
  createApp,
}: {
  name: string
  settings: S
  migrations: string
  mailOutbox?: boolean
  poolMax?: number
  /** Close and drop after the file's tests (false: the test calls `close()`, for a service started inside a test). */
  closeAfterAll?: boolean
  /** The issuer whose tokens the service trusts, when the test has one (a fake neighbour that signs in users). */
  issuer?: Awaited<ReturnType<typeof createTestIssuer>>
  /** The service's app, or its parts with the app among them (`made` hands them back). */
  createApp(deps: HarnessDeps<S>): P
}) {
  const testDb = await createTestDatabase(name.replaceAll('-', '_'))
  const database = await connectDatabase(testDb.url, { max: poolMax })
  await migrateDatabase(database, migrations, { mailOutbox })
  let closed: Promise<void> | undefined
  const close = () => {
    closed ??= database.close().then(() => testDb.drop())
    return closed
  }
  if (closeAfterAll) afterAll(close)
  const issuer = given ?? (await createTestIssuer())
  const verifier = createTokenVerifier({
    fetchJwks: async () => issuer.jwks(),
    // what the issuer revokes is refused at the next request
    fetchRevocations: async () => issuer.revocations(),
    revocationsTtlMs: 0,
    issuer: issuer.issuer,
    audience: issuer.audience,
  })
  const { logger, lines } = createMemoryLogger(name)
  const config = staticConfig(settings)
  const made = createApp({ db: database.db, database, config, logger, verifier })
  const app = ('app' in made ? made.app : made) as P extends { app: infer A } ? A : P
  const token = async (sub: string, roles: string[] = ['customer']) => `Bearer ${await issuer.sign({ sub, roles })}`
  const as = {
    admin: await token('admin-1', ['admin']),
    support: await token('agent-1', ['support']),
    customer: await token('customer-1', ['customer']),
    service: (caller: string) => token(`service:${caller}`, ['service']),
  }
  return {
    app,
    made,
    send: sender(app),
    token,
    as,
    issuer,
    verifier,
    config,
    database,
    sql: database.sql,
    db: database.db,
    logs: lines,
    close,
    /** The e-mails the service queued (to one address), oldest first. */
    outbox: async (to?: string): Promise<OutboxRow[]> =>
      to
        ? database.sql`SELECT * FROM mail_outbox WHERE to_address = ${to} ORDER BY id`
        : database.sql`SELECT * FROM mail_outbox ORDER BY id`,
  }
}
