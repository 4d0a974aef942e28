import { createReadStream, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import postgres, { type Sql, type TransactionSql } from 'postgres'
import { connectDatabase, migrateDatabase } from '@shopfront/kit'
import { BackupError, type DatabaseBackup, ident, readBackup, type TableBackup } from './manifest.ts'
import { migrationsAsTaken } from './migrations.ts'

export interface RestoreOptions {
  /** Drop and make again the databases that exist already (their data is lost). */
  replace?: boolean
  /** A database's migrations folder (its service's `drizzle/`). */
  migrationsOf(name: string): string
}

/** The tables in an order that loads every referenced row before the rows that refer to it. */
async function loadOrder(sql: TransactionSql, tables: TableBackup[]) {
  const edges = await sql<{ child: string; parent: string }[]>`
    select cn.nspname || '.' || c.relname as child, pn.nspname || '.' || p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
    join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
    where k.contype = 'f' and k.conrelid <> k.confrelid`
  const key = (t: TableBackup) => `${t.schema}.${t.name}`
  const ordered: TableBackup[] = []
  let left = [...tables]
  while (left.length) {
    const waiting = new Set(left.map(key))
    const ready = left.filter((t) => !edges.some((e) => e.child === key(t) && waiting.has(e.parent)))
    if (!ready.length) throw new BackupError(`tables refer to each other in a circle: ${[...waiting].join(', ')}`)
    ordered.push(...ready)
    left = left.filter((t) => !ready.includes(t))
  }
  return ordered
}

/** One database's rows and sequences, in one transaction: all of it is restored or none. */
async function loadDatabase(sql: Sql, dir: string, database: DatabaseBackup) {
  await sql.begin(async (tx) => {
    const tables = await loadOrder(tx, database.tables)
    // rows a migration wrote (seed data) give way to the backup's
    if (tables.length)
      await tx.unsafe(`truncate ${tables.map((t) => `${ident(t.schema)}.${ident(t.name)}`).join(', ')}`)
    for (const table of tables) {
      const name = `${ident(table.schema)}.${ident(table.name)}`
      const sink = await tx.unsafe(`copy ${name} (${table.columns.map(ident).join(', ')}) from stdin`).writable()
      await pipeline(createReadStream(join(dir, table.file)), createGunzip(), sink)
      const [counted] = await tx.unsafe(`select count(*)::int as n from ${name}`)
      if (counted?.n !== table.rows)
        throw new BackupError(
          `${database.name}: ${table.name} has ${counted?.n} rows restored, the backup ${table.rows}`,
        )
    }
    for (const s of database.sequences)
      await tx`select setval(${`${ident(s.schema)}.${ident(s.name)}`}::regclass, ${s.value}, ${s.called})`
  })
}

/**
 * Restores a backup onto the server at `url`: every file is checked and every database
 * found free before anything changes; then each database is made (dropped first with
 * `replace`), brought to the schema it was backed up at by its own migrations, and filled.
 * A database in use (the platform running) is refused, as is one that exists without `replace`.
 */
export async function restoreBackup(url: string, dir: string, { replace = false, migrationsOf }: RestoreOptions) {
  const manifest = await readBackup(dir)
  const folders = new Map<string, string>()
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  try {
    for (const d of manifest.databases) folders.set(d.name, migrationsAsTaken(migrationsOf(d.name), d))
    const existing = new Set(
      (await admin<{ datname: string }[]>`select datname from pg_database`).map((r) => r.datname),
    )
    for (const { name } of manifest.databases) {
      if (!existing.has(name)) continue
      const [use] = await admin<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`
      if (use?.n) throw new BackupError(`database ${name} is in use (${use.n} connections): stop the platform first`)
      if (!replace)
        throw new BackupError(
          `database ${name} exists already: pass --replace to drop it and its data and restore the backup's`,
        )
    }
    for (const database of manifest.databases) {
      if (existing.has(database.name)) await admin.unsafe(`drop database ${ident(database.name)}`)
      const target = new URL(url)
      target.pathname = `/${encodeURIComponent(database.name)}`
      // two: migrateDatabase holds one for its lock while the migrations run on the other
      const opened = await connectDatabase(target.toString(), { max: 2 })
      try {
        const mailOutbox = database.tables.some((t) => t.schema === 'public' && t.name === 'mail_outbox')
        await migrateDatabase(opened, folders.get(database.name) ?? '', { mailOutbox })
        await loadDatabase(opened.sql, dir, database)
      } catch (err) {
        const done = manifest.databases.slice(0, manifest.databases.indexOf(database)).map((d) => d.name)
        throw new BackupError(
          `restoring database ${database.name} failed (${(err as Error).message}); ${done.length ? `${done.join(', ')} restored, ` : ''}${database.name} left empty: run the restore again with --replace`,
        )
      } finally {
        await opened.close()
      }
    }
    return manifest
  } finally {
    await admin.end({ timeout: 5 })
    for (const folder of folders.values()) rmSync(folder, { recursive: true, force: true })
  }
}
