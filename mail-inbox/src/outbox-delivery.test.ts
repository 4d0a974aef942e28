import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailDispatcher, drizzleOn, enqueueMail, smtpTransport } from '@shopfront/kit'
import { createTestDatabase, freePort } from '@shopfront/kit/testing'
import { startSmtp } from './smtp.ts'
import { createMessageStore } from './store.ts'

// the kit's outbox delivering into this inbox over real SMTP
const store = createMessageStore()
const port = freePort()
let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined
let sql: postgres.Sql
let drop: () => Promise<void>
const transport = smtpTransport({ host: '127.0.0.1', port })
const subjects = () =>
  store
    .all()
    .map((m) => m.Content.Headers.Subject![0])
    .sort()

beforeAll(async () => {
  const db = await createTestDatabase('outbox')
  drop = db.drop
  sql = postgres(db.url, { max: 5, onnotice: () => {} })
  for (const statement of readFileSync(
    join(import.meta.dirname, '../../services/kit/src/mail/outbox.sql'),
    'utf8',
  ).split('--> statement-breakpoint'))
    await sql.unsafe(statement)
  smtp = await startSmtp(store, { port })
})
afterAll(async () => {
  transport.close()
  await smtp?.close()
  await sql.end()
  await drop()
})

// the services queue mail in their drizzle transactions
const orm = () => drizzleOn(sql)
const dispatcher = (maxAttempts = 5) =>
  createMailDispatcher({ sql, transport, from: 'Shopfront <no-reply@shopfront.dev>', maxAttempts, backoffMs: () => 0 })

describe('the transactional mail outbox', () => {
  it('When an e-mail is queued in a transaction that rolls back, then it is never sent; committed, it is sent once with its Message-ID', async () => {
    await orm()
      .transaction(async (tx) => {
        await enqueueMail(
          tx,
          { to: 'ann@example.com', subject: 'Rolled back', text: 'never', key: 'test:rollback' },
          'shopfront.dev',
        )
        throw new Error('the change failed')
      })
      .catch(() => {})
    await orm().transaction((tx) =>
      enqueueMail(
        tx,
        { to: 'ann@example.com', subject: 'Welcome', text: 'Hello Ann', key: 'test:welcome:ann' },
        'shopfront.dev',
      ),
    )
    await orm().transaction((tx) =>
      enqueueMail(
        tx,
        { to: 'ann@example.com', subject: 'Welcome', text: 'Hello Ann', key: 'test:welcome:ann' },
        'shopfront.dev',
      ),
    )
    expect(await dispatcher().flush()).toBe(1)
    expect(subjects()).toEqual(['Welcome'])
    expect(store.all()[0]!.Content.Headers['Message-ID']).toEqual(['<test:welcome:ann@shopfront.dev>'])
    expect(await dispatcher().flush()).toBe(0)
  })

  it('When SMTP is down for a while, then messages wait and go out exactly once when it is back, even with two dispatchers', async () => {
    store.clear()
    await smtp!.close()
    smtp = undefined
    for (const n of [1, 2, 3])
      await orm().transaction((tx) =>
        enqueueMail(
          tx,
          { to: 'bob@example.com', subject: `Order ${n}`, text: 'Thanks', key: `test:order:${n}` },
          'shopfront.dev',
        ),
      )
    const waiting = dispatcher()
    expect(await waiting.flush()).toBe(0)
    // the backlog the services' health (and the back office) report
    expect(waiting.backlog()).toEqual({ pending: 3, dead: 0 })
    const [row] =
      await sql`select attempts, status, last_error from mail_outbox where message_id = '<test:order:1@shopfront.dev>'`
    expect(row).toMatchObject({ attempts: 1, status: 'pending' })
    expect(row!.last_error).toBeTruthy()
    smtp = await startSmtp(store, { port })
    const sent = await Promise.all([dispatcher().flush(), dispatcher().flush()])
    expect(sent.reduce((a, b) => a + b, 0)).toBe(3)
    expect(subjects()).toEqual(['Order 1', 'Order 2', 'Order 3'])
    await waiting.flush()
    expect(waiting.backlog()).toEqual({ pending: 0, dead: 0 })
  })

  it('When a message keeps failing, then after the last attempt it is dead-lettered, not retried forever', async () => {
    await smtp!.close()
    smtp = undefined
    await orm().transaction((tx) =>
      enqueueMail(tx, { to: 'cy@example.com', subject: 'Doomed', text: 'x', key: 'test:doomed' }, 'shopfront.dev'),
    )
    const d = dispatcher(2)
    await d.flush()
    await d.flush()
    expect(
      (await sql`select status, attempts from mail_outbox where message_id = '<test:doomed@shopfront.dev>'`)[0],
    ).toEqual({ status: 'dead', attempts: 2 })
    smtp = await startSmtp(store, { port })
    expect(await d.flush()).toBe(0)
  })
})
