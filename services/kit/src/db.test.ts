import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sql as raw } from 'drizzle-orm'
import { connectDatabase, migrateDatabase, type Queryable, withCustomPlans } from './db.ts'
import { StartupError } from './serve.ts'
import { createTestDatabase, freePort, until } from './testing/index.ts'

const testDb = await createTestDatabase('kitdb')
afterAll(() => testDb.drop())

describe('database connection and migrations', () => {
  it('When the database does not exist yet, then it is created, and migrations (with the mail outbox) apply once even when run twice at the same time', async () => {
    const url = new URL(testDb.url)
    url.pathname = `/${testDb.name}_created`
    const first = await connectDatabase(url.toString())
    const second = await connectDatabase(url.toString())
    const folder = join(import.meta.dirname, '../test-service/drizzle')
    await Promise.all([
      migrateDatabase(first, folder, { mailOutbox: true }),
      migrateDatabase(second, folder, { mailOutbox: true }),
    ])
    const [row] = await first.sql`select count from visits where id = 1`
    expect(Number(row.count)).toBe(0)
    // the kit's outbox table comes with them, and applying it again changes nothing
    await migrateDatabase(first, folder, { mailOutbox: true })
    expect((await first.sql`select count(*)::int as n from mail_outbox`)[0].n).toBe(0)
    const applied = await first.sql`select count(*)::int as n from drizzle.__drizzle_migrations`
    expect(applied[0].n).toBe(1)
    await first.close()
    await second.close()
    const admin = await connectDatabase(testDb.url)
    await admin.sql.unsafe(`drop database "${url.pathname.slice(1)}" with (force)`)
    await admin.close()
  })

  it('When the pool has one connection, then migrating says it needs two instead of waiting for ever', async () => {
    const one = await connectDatabase(testDb.url, { max: 1 })
    const folder = join(import.meta.dirname, '../test-service/drizzle')
    await expect(migrateDatabase(one, folder)).rejects.toThrow('needs a pool of two connections at least')
    await one.close()
  })

  it('When the server cannot be reached, then start-up fails with one clear StartupError', async () => {
    const error = await connectDatabase(`postgres://postgres@127.0.0.1:${freePort()}/x`, { waitMs: 300 }).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(StartupError)
    expect(error.message).toMatch(/^cannot reach PostgreSQL at 127\.0\.0\.1:\d+/)
  })
})

describe('statements planned for their own parameters', () => {
  it('When a prepared statement runs again and again, then withCustomPlans plans it afresh each time (and reads only), where the pool alone turns to a generic plan', async () => {
    const database = await connectDatabase(testDb.url, { max: 1 })
    try {
      const { db, sql } = database
      // two statements alike (each kept prepared under its own text): one on the pool, one through withCustomPlans
      const pooled = (n: number) => db.execute(raw`select count(*) from pg_class where relpages > ${n}::int`)
      const planned = (q: Queryable, n: number) =>
        q.execute(raw`select count(*) from pg_class where relpages >= ${n}::int`)
      const plans = async (op: string) =>
        (
          await sql<{ generic: number; custom: number }[]>`
            select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
            where statement like ${`%relpages ${op} $1%`}`
        )[0]
      for (let n = 10; n < 18; n++) await pooled(n)
      expect((await plans('>'))?.generic).toBeGreaterThan(0)
      for (let n = 10; n < 18; n++) await withCustomPlans(db, (tx) => planned(tx, n))
      expect(await plans('>=')).toEqual({ generic: 0, custom: 8 })
      // read only: a report cannot write
      const writing = withCustomPlans(db, (tx) => tx.execute(raw`create table nothing_here (id int)`))
      await expect(writing).rejects.toMatchObject({ cause: { code: '25006' } })
    } finally {
      await database.close()
    }
  })
})

/** The test database through a relay the test can cut, as a restarting server does. */
async function throughRelay({ max }: { max: number }) {
  const { startTcpProxy } = await import('./testing/tcp-proxy.ts')
  const server = new URL(testDb.url)
  const relay = await startTcpProxy(server.hostname, Number(server.port || 5432))
  const through = new URL(testDb.url)
  through.port = String(relay.port)
  return { relay, database: await connectDatabase(through.toString(), { max }) }
}

describe('the readiness probe', () => {
  it('When every connection of the pool is busy, then the probe still answers at once, on its own connection', async () => {
    const database = await connectDatabase(testDb.url, { max: 2 })
    try {
      const busy = Promise.all([database.sql`select pg_sleep(1.5)`, database.sql`select pg_sleep(1.5)`])
      await new Promise((r) => setTimeout(r, 100))
      const started = performance.now()
      await database.ping()
      expect(performance.now() - started).toBeLessThan(1000)
      await busy
    } finally {
      await database.close()
    }
  })

  it('When the server goes away and comes back, then the probe fails while it is gone and answers again once it is back', async () => {
    const { relay, database } = await throughRelay({ max: 2 })
    try {
      await database.ping()
      relay.cut()
      // its connection is gone: the probe says so at once (the health check reports it)
      await expect(database.ping()).rejects.toThrow()
      // a probe made while the server is away waits for it (the health check's own timeout
      // answers meanwhile) and answers once it is back, as every later one does
      const waiting = database.ping().then(() => 'answered')
      await new Promise((r) => setTimeout(r, 300))
      relay.restore()
      expect(await waiting).toBe('answered')
      await database.ping()
    } finally {
      relay.restore()
      await database.close()
      await relay.close()
    }
  })
})

describe('a pool whose server goes away', () => {
  it('When the connections are cut under load and come back, then queries fail (never the process) and the pool recovers by itself', async () => {
    const { relay, database } = await throughRelay({ max: 10 })
    let ok = 0
    let failed = 0
    let running = true
    const loops = Array.from({ length: 20 }, async () => {
      while (running) {
        try {
          await database.sql.begin(async (tx) => {
            await tx`select pg_sleep(0.001)`
            await tx`select 1`
          })
          ok++
        } catch {
          failed++
        }
      }
    })
    try {
      await until(() => ok > 100)
      relay.cut()
      await until(() => failed > 0)
      await new Promise((r) => setTimeout(r, 500))
      relay.restore()
      const before = ok
      // (postgres.js without the patch in patches/ threw from a timer here and the process died)
      await until(() => ok > before + 100, { timeoutMs: 15_000, what: 'queries after the cut' })
    } finally {
      running = false
      relay.restore()
      await Promise.all(loops)
      await database.close()
      await relay.close()
    }
  })
})
