import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectDatabase, migrateDatabase } from '../db.ts'
import { createTestDatabase } from './database.ts'

/**
 * A fresh database as a service's migrations before number `idx` left it (one deployed
 * before that migration), to fill with the rows of that time; `migrateRest()` applies the
 * rest, as the next start would. `close()` drops it.
 *
 * @example
 *   const old = await databaseBefore(join(import.meta.dirname, '../../drizzle'), 4)
 *   await old.sql`insert into ...`
 *   await old.migrateRest()
 */
export async function databaseBefore(folder: string, idx: number) {
  const before = mkdtempSync(join(tmpdir(), 'migrations-before-'))
  cpSync(folder, before, { recursive: true })
  const journalFile = join(before, 'meta/_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] }
  journal.entries = journal.entries.filter((e) => e.idx < idx)
  writeFileSync(journalFile, JSON.stringify(journal))
  const testDb = await createTestDatabase(`before-${idx}`)
  const database = await connectDatabase(testDb.url)
  await migrateDatabase(database, before)
  return {
    sql: database.sql,
    migrateRest: () => migrateDatabase(database, folder),
    async close() {
      await database.close()
      await testDb.drop()
      rmSync(before, { recursive: true, force: true })
    },
  }
}
