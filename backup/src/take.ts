import { createHash } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import postgres, { type TransactionSql } from 'postgres'
import { BackupError, type DatabaseBackup, ident, type Manifest } from './manifest.ts'

/** The tables a database holds (drizzle's record of migrations aside), with the columns a copy carries (not generated ones). */
async function tablesOf(sql: TransactionSql) {
  return sql<{ schema: string; name: string; columns: string[] }[]>`
    select c.table_schema as schema, c.table_name as name,
           array_agg(c.column_name::text order by c.ordinal_position) as columns
    from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
      and c.table_schema not in ('pg_catalog', 'information_schema', 'drizzle')
    group by c.table_schema, c.table_name
    order by 1, 2`
}

async function migrationsOf(sql: TransactionSql) {
  const [journal] = await sql`select to_regclass('drizzle.__drizzle_migrations') as found`
  if (!journal?.found) return []
  const rows = await sql<{ hash: string; createdAt: string }[]>`
    select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by created_at`
  return rows.map((r) => ({ hash: r.hash, createdAt: Number(r.createdAt) }))
}

async function sequencesOf(sql: TransactionSql) {
  const rows = await sql<{ schema: string; name: string; value: string; called: boolean }[]>`
    select schemaname as schema, sequencename as name,
           coalesce(last_value, start_value)::text as value, last_value is not null as called
    from pg_sequences where schemaname not in ('pg_catalog', 'information_schema')`
  return rows.map((r) => ({ ...r, value: Number(r.value) }))
}

/** Copies one table out, gzipped, counting its rows (one line each in COPY's text format) and summing the file. */
async function copyOut(sql: TransactionSql, schema: string, name: string, columns: string[], file: string) {
  const source = await sql
    .unsafe(`copy ${ident(schema)}.${ident(name)} (${columns.map(ident).join(', ')}) to stdout`)
    .readable()
  let rows = 0
  const hash = createHash('sha256')
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++
      done(null, chunk)
    },
  })
  const summer = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      done(null, chunk)
    },
  })
  await pipeline(source, counter, createGzip(), summer, createWriteStream(file))
  return { rows, sha256: hash.digest('hex') }
}

/**
 * One database into `dir/<name>/`, as one moment of it: every table read in one read-only,
 * repeatable-read transaction, so a service writing meanwhile is seen before or after, never half.
 */
async function takeDatabase(url: string, name: string, dir: string): Promise<DatabaseBackup> {
  const target = new URL(url)
  target.pathname = `/${encodeURIComponent(name)}`
  const sql = postgres(target.toString(), { max: 1, onnotice: () => {} })
  try {
    mkdirSync(join(dir, name), { recursive: true })
    return await sql.begin('isolation level repeatable read read only', async (tx) => {
      const tables: DatabaseBackup['tables'] = []
      for (const { schema, name: table, columns } of await tablesOf(tx)) {
        const file = join(name, `${schema}.${table}.copy.gz`)
        const { rows, sha256 } = await copyOut(tx, schema, table, columns, join(dir, file))
        tables.push({ schema, name: table, columns, rows, file, sha256 })
      }
      return { name, migrations: await migrationsOf(tx), sequences: await sequencesOf(tx), tables }
    })
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/**
 * A backup of the named databases on the server at `url` into `dir` (which must not exist
 * yet): each database's tables, its sequences and the migrations it is at, with a
 * manifest that says what every file holds. Databases the server lacks are left out and named.
 */
export async function takeBackup(url: string, names: string[], dir: string) {
  if (existsSync(dir)) throw new BackupError(`${dir} exists already: a backup goes into a new folder`)
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  let present: string[]
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname in ${admin(names)}`
    present = names.filter((n) => rows.some((r) => r.datname === n))
  } finally {
    await admin.end({ timeout: 5 })
  }
  mkdirSync(dir, { recursive: true })
  const manifest: Manifest = { format: 'shopfront-backup/1', takenAt: new Date().toISOString(), databases: [] }
  try {
    for (const name of present) manifest.databases.push(await takeDatabase(url, name, dir))
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  } catch (err) {
    // half a backup is no backup: nothing is left to be mistaken for one
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return { manifest, missing: names.filter((n) => !present.includes(n)) }
}
