import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres, { type Sql } from 'postgres'
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import { StartupError } from './serve.ts'
import type { Logger } from './logger.ts'

export interface Database {
  /** postgres.js, for SQL written by hand. */
  sql: Sql
  /** drizzle, on a client of its own: drizzle rewrites its client's JSON and date (de)serializers, which would break `sql.json()` on the shared pool. */
  readonly db: PostgresJsDatabase
  close(): Promise<void>
}

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
  let orm: { client: Sql; db: PostgresJsDatabase } | undefined
  return {
    sql,
    get db() {
      if (!orm) {
        const client = postgres(url, { max: 2, onnotice: () => {}, idle_timeout: 30, connect_timeout: 5 })
        orm = { client, db: drizzle(client) }
      }
      return orm.db
    },
    async close() {
      await sql.end({ timeout: 5 })
      await orm?.client.end({ timeout: 5 })
    },
  }
}

/**
 * Applies a service's drizzle migrations (its own `drizzle/` folder) and, with
 * `mailOutbox`, the table of the kit's mail outbox; safe on several instances at once.
 */
export async function migrateDatabase(
  database: Database,
  migrationsFolder: string,
  { mailOutbox = false }: { mailOutbox?: boolean } = {},
) {
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
