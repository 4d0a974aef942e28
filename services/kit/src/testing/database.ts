import postgres from 'postgres'
import { inject } from 'vitest'

/**
 * A fresh, empty database on the test run's PostgreSQL, for one test file.
 *
 * @example
 *   const testDb = await createTestDatabase()
 *   afterAll(() => testDb.drop())
 */
export async function createTestDatabase(prefix = 'test') {
  const adminUrl = inject('testDatabaseUrl')
  const name = `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    async drop() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
      await sql.unsafe(`drop database if exists "${name}" with (force)`)
      await sql.end()
    },
  }
}
