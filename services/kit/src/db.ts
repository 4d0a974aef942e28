import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres, { type Sql } from 'postgres'
import { sql as raw } from 'drizzle-orm'
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'

export type { PostgresJsDatabase }
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import { StartupError } from './serve.ts'
import type { Logger } from './logger.ts'

export interface Database {
  /** drizzle's typed queries, on the service's one pool: what repositories use. */
  db: PostgresJsDatabase
  /** postgres.js itself, the same pool: for the kit's own statements (outbox, locks). */
  sql: Sql
  /**
   * Whether the server answers, on a connection of its own: a readiness probe must not
   * queue behind a busy pool, or a loaded instance is taken out of the registry (and its
   * load goes to the others) just when it works hardest. It waits at most 2 s to connect,
   * and a probe that failed is dropped, so the next starts afresh once the server is back.
   */
  ping(): Promise<void>
  close(): Promise<void>
}

/** A drizzle transaction, as `db.transaction()` hands it over. */
export type Transaction = Parameters<Parameters<PostgresJsDatabase['transaction']>[0]>[0]

/** Where a repository's statement can run: the pool, or a transaction it is part of. */
export type Queryable = PostgresJsDatabase | Transaction

export interface ConnectOptions {
  max?: number
  logger?: Logger
  /** How long to keep trying to reach the server at start. */
  waitMs?: number
}

/**
 * Opens a postgres.js pool (with drizzle on top) and waits until the server answers,
 * creating the database first when the server lacks it. An unreachable server is a
 * StartupError naming host and port, not a stack trace.
 *
 * @example
 *   const { db, sql, close } = await connectDatabase(config.database.url)
 */
export async function connectDatabase(
  url: string,
  { max = 10, logger, waitMs = 15_000 }: ConnectOptions = {},
): Promise<Database> {
  await ensureDatabase(url, waitMs)
  const sql = postgres(url, { max, onnotice: () => {}, idle_timeout: 30, connect_timeout: 5 })
  logger?.info('database ready', { database: new URL(url).pathname.slice(1), max })
  let probe: Sql | undefined
  return {
    sql,
    db: drizzleOn(sql),
    async ping() {
      probe ??= postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 30, connect_timeout: 2 })
      const client = probe
      try {
        await client`select 1`
      } catch (err) {
        // a probe whose connection failed is dropped: the next one starts on a new client
        if (probe === client) probe = undefined
        void client.end({ timeout: 0 }).catch(() => {})
        throw err
      }
    },
    async close() {
      await sql.end({ timeout: 5 })
      await probe?.end({ timeout: 1 })
    },
  }
}

/**
 * drizzle on a postgres.js pool without changing how that pool reads and writes values.
 * drizzle would make dates and JSON pass through as text on the whole pool (so `sql` would
 * read timestamps as strings); keeping postgres.js's own parsers, drizzle's `timestamp`
 * columns still read Dates, and the kit's `jsonb` column (db-columns.ts) hands postgres.js
 * the value to encode once.
 */
export function drizzleOn(sql: Sql): PostgresJsDatabase {
  const options = sql.options as unknown as Record<'parsers' | 'serializers', Record<string, unknown>>
  const kept = { parsers: { ...options.parsers }, serializers: { ...options.serializers } }
  const db = drizzle(sql)
  for (const kind of ['parsers', 'serializers'] as const) {
    for (const key of Object.keys(options[kind])) if (!(key in kept[kind])) delete options[kind][key]
    Object.assign(options[kind], kept[kind])
  }
  return db
}

/**
 * Runs `work`'s statements, read-only, each planned for its own parameters. The pool keeps
 * statements prepared, and PostgreSQL serves a prepared statement from one generic plan
 * once five runs found it no worse: for a query over a period that plan is the one for the
 * periods asked first, so a month's plan would serve a year (twice as slow, measured on the
 * sales report). For a query whose best plan depends on its parameters.
 */
export const withCustomPlans = <T>(db: PostgresJsDatabase, work: (tx: Transaction) => Promise<T>) =>
  db.transaction(
    async (tx) => {
      await tx.execute(raw`set local plan_cache_mode = force_custom_plan`)
      return work(tx)
    },
    { accessMode: 'read only' },
  )

/**
 * Applies a service's drizzle migrations (its own `drizzle/` folder) and, with
 * `mailOutbox`, the table of the kit's mail outbox; safe on several instances at once. It
 * holds one connection of the pool for its lock while the migrations run on another, so
 * the pool needs two (with one it would wait for ever: it says so instead).
 */
export async function migrateDatabase(
  database: Database,
  migrationsFolder: string,
  { mailOutbox = false }: { mailOutbox?: boolean } = {},
) {
  if (database.sql.options.max < 2)
    throw new Error('migrateDatabase needs a pool of two connections at least: one holds its lock')
  // a session lock: taken and given back on one reserved connection
  const lock = await database.sql.reserve()
  try {
    await lock`select pg_advisory_lock(727274)`
    await migrate(database.db, { migrationsFolder })
    if (mailOutbox) {
      for (const statement of readFileSync(join(import.meta.dirname, 'mail/outbox.sql'), 'utf8').split(
        '--> statement-breakpoint',
      ))
        await lock.unsafe(statement)
    }
  } finally {
    await lock`select pg_advisory_unlock(727274)`.catch(() => {})
    lock.release()
  }
}

async function ensureDatabase(url: string, waitMs: number) {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1)) || 'postgres'
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const deadline = Date.now() + waitMs
  for (let attempt = 1; ; attempt++) {
    const sql = postgres(admin.toString(), { max: 1, onnotice: () => {}, connect_timeout: 3 })
    try {
      const [found] = await sql`select 1 from pg_database where datname = ${name}`
      if (!found) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`).catch(ignoreDuplicate)
      return
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === '42501') return // no right to create databases: the database must already exist
      if (Date.now() > deadline) {
        throw new StartupError(
          `cannot reach PostgreSQL at ${target.hostname}:${target.port || 5432}: ${(err as Error).message}`,
        )
      }
      await new Promise((r) => setTimeout(r, Math.min(200 * attempt, 2000)))
    } finally {
      await sql.end({ timeout: 1 })
    }
  }
}

function ignoreDuplicate(err: { code?: string }) {
  if (err.code !== '42P04' && err.code !== '23505') throw err
}

/**
 * The SQLSTATE of a failed statement (23505: a unique key is taken), or undefined: drizzle
 * wraps the driver's error, which is its `cause`.
 *
 * @example
 *   if (sqlStateOf(err) === '23505') throw new AppError('conflict', 'That slug is taken.')
 */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: string }).name === 'PostgresError') return (e as { code?: string }).code
  }
  return undefined
}
