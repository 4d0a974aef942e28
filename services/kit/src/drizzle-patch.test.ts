import { eq, sql as raw } from 'drizzle-orm'
import { integer, pgTable, text } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { drizzleOn } from './db.ts'
import { createTestDatabase } from './testing/index.ts'

const testDb = await createTestDatabase('kitdrizzle')
afterAll(() => testDb.drop())

const notes = pgTable('patch_notes', { id: integer('id').primaryKey(), body: text('body').notNull() })

/** What the pool's one connection has prepared (named statements only: an unnamed one is not listed). */
const preparedOn = async (sql: postgres.Sql) =>
  (await sql<{ statement: string }[]>`select statement from pg_prepared_statements`).map((r) => r.statement)

/**
 * drizzle hands postgres.js every query with `prepare: false`, and postgres.js then asks
 * the server for a query's parameter types before every run: two round trips a statement
 * and a fresh plan each time (drizzle-orm#6096). The patch (patches/drizzle-orm@0.45.4.patch)
 * lets postgres.js prepare them once per connection, as its own queries are.
 */
describe('the patched drizzle on postgres.js', () => {
  it('When a query with parameters runs, in a transaction or not, then the connection keeps it prepared', async () => {
    const sql = postgres(testDb.url, { max: 1, onnotice: () => {} })
    try {
      const db = drizzleOn(sql)
      await db.execute(raw`create table if not exists patch_notes (id integer primary key, body text not null)`)
      await db.insert(notes).values({ id: 1, body: 'one' }).onConflictDoNothing()
      expect(await db.select().from(notes).where(eq(notes.id, 1))).toEqual([{ id: 1, body: 'one' }])
      await db.transaction((tx) => tx.update(notes).set({ body: 'uno' }).where(eq(notes.id, 1)))

      const prepared = await preparedOn(sql)
      expect(prepared).toContain('select "id", "body" from "patch_notes" where "patch_notes"."id" = $1')
      expect(prepared).toContain('update "patch_notes" set "body" = $1 where "patch_notes"."id" = $2')
    } finally {
      await sql.end({ timeout: 1 })
    }
  })

  it('When the pool is made with prepare: false (a transaction-mode pooler), then nothing is prepared', async () => {
    const sql = postgres(testDb.url, { max: 1, prepare: false, onnotice: () => {} })
    try {
      const db = drizzleOn(sql)
      await db.execute(raw`create table if not exists patch_notes (id integer primary key, body text not null)`)
      expect(await db.select({ id: notes.id }).from(notes).where(eq(notes.id, 2))).toEqual([])
      expect(await preparedOn(sql)).toEqual([])
    } finally {
      await sql.end({ timeout: 1 })
    }
  })
})
