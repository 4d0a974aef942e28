import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { connectDatabase, migrateDatabase } from '../db.ts'
import { createTestDatabase } from '../testing/index.ts'
import { enqueueMail, forgetSentBodies } from './outbox.ts'

const testDb = await createTestDatabase('outbox')
const database = await connectDatabase(testDb.url)
await migrateDatabase(database, join(import.meta.dirname, '../../test-service/drizzle'), { mailOutbox: true })
afterAll(async () => {
  await database.close()
  await testDb.drop()
})

it('When an e-mail is queued in a drizzle transaction, twice, then it is stored once, its headers as a JSON object, and reads back through postgres.js', async () => {
  const mail = {
    to: 'ann@example.com',
    subject: 'Hi',
    text: 'Hello',
    key: 'hello:1',
    headers: { 'List-Unsubscribe': '<x>' },
  }
  const ids = await database.db.transaction(async (tx) => [
    await enqueueMail(tx, mail, 'shop.test'),
    await enqueueMail(tx, mail, 'shop.test'),
  ])
  expect(ids).toEqual(['<hello:1@shop.test>', '<hello:1@shop.test>'])
  const rows = await database.sql`SELECT headers, jsonb_typeof(headers) AS kind, created_at FROM mail_outbox`
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({ headers: { 'List-Unsubscribe': '<x>' }, kind: 'object' })
  expect(rows[0].created_at).toBeInstanceOf(Date)
})

it('When mail sent long ago is forgotten, then its text and HTML are emptied, oldest first, a batch at a time; its row stays, and recent, waiting and dead mail keep theirs', async () => {
  const row = (key: string, status: string, sentDaysAgo: number | null) => database.sql`
    INSERT INTO mail_outbox (message_id, to_address, subject, text_body, html_body, status, sent_at)
    VALUES (${`<${key}@shop.test>`}, 'ann@example.com', 'Your order', 'Thanks', '<p>Thanks</p>', ${status},
      ${sentDaysAgo === null ? null : database.sql`now() - ${sentDaysAgo} * interval '1 day'`})`
  await row('old-1', 'sent', 200)
  await row('old-2', 'sent', 120)
  await row('old-3', 'sent', 100)
  await row('recent', 'sent', 10)
  await row('waiting', 'pending', null)
  await row('dead', 'dead', null)
  const bodies = async () =>
    Object.fromEntries(
      (
        await database.sql`SELECT message_id, text_body, html_body FROM mail_outbox WHERE message_id LIKE '<%@shop.test>'
          AND message_id <> '<hello:1@shop.test>' ORDER BY id`
      ).map((r) => [r.message_id.slice(1).split('@')[0], r.html_body === null ? r.text_body : `${r.text_body}+html`]),
    )

  // a batch of two takes the two oldest
  expect(await forgetSentBodies(database.sql, 90, 2)).toBe(2)
  expect(await bodies()).toEqual({
    'old-1': '',
    'old-2': '',
    'old-3': 'Thanks+html',
    recent: 'Thanks+html',
    waiting: 'Thanks+html',
    dead: 'Thanks+html',
  })
  expect(await forgetSentBodies(database.sql, 90, 2)).toBe(1)
  expect(await forgetSentBodies(database.sql, 90, 2)).toBe(0)
  expect((await bodies())['old-3']).toBe('')
  expect((await bodies()).recent).toBe('Thanks+html')
  expect(await database.sql`SELECT count(*)::int AS n FROM mail_outbox WHERE message_id LIKE '<old-%'`).toEqual([
    { n: 3 },
  ])
})
