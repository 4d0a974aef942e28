import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { connectDatabase, migrateDatabase } from '../db.ts'
import { createTestDatabase } from '../testing/index.ts'
import { enqueueMail } from './outbox.ts'

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
