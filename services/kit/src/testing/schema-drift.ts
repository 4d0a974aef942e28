import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getTableName, is } from 'drizzle-orm'
import { isPgSequence, PgTable } from 'drizzle-orm/pg-core'
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api'
import type { Sql } from 'postgres'
import { connectDatabase, migrateDatabase } from '../db.ts'
import { mailOutbox as mailOutboxTable } from '../mail/outbox-table.ts'
import { createTestDatabase } from './database.ts'

/**
 * How a service's drizzle schema and its migrations disagree, in two ways, both empty
 * when they agree:
 * - `unwritten`: the statements `bun run db:generate` would write now (the schema changed
 *   and no migration says so);
 * - `migrated` against `declared`: the tables as the migrations leave them and as the
 *   schema alone makes them, read back from PostgreSQL's catalog (so a hand-written
 *   migration that says something else than the schema shows as a difference).
 *
 * With `mailOutbox` (a service that sends mail), the database is made as the service makes
 * it, the kit's outbox table after the migrations, and that table is compared too: against
 * the kit's drizzle table, whether or not the service's schema declares it.
 *
 * @example
 *   const drift = await schemaDrift(schema, migrationsFolder)
 *   expect(drift.unwritten).toEqual([])
 *   expect(drift.declared).toEqual(drift.migrated)
 */
export async function schemaDrift(
  schema: Record<string, unknown>,
  migrationsFolder: string,
  { mailOutbox = false }: { mailOutbox?: boolean } = {},
) {
  const meta = join(migrationsFolder, 'meta')
  const snapshots = readdirSync(meta)
    .filter((f) => f.endsWith('_snapshot.json'))
    .sort()
  const latest = snapshots.at(-1)
  const written = latest ? JSON.parse(readFileSync(join(meta, latest), 'utf8')) : generateDrizzleJson({})
  const unwritten = await generateMigration(written, generateDrizzleJson(schema))

  const testDb = await createTestDatabase('schema')
  const database = await connectDatabase(testDb.url)
  try {
    await migrateDatabase(database, migrationsFolder, { mailOutbox })
    const migrated = await catalogOf(database.sql)
    // the same tables again, made from the schema alone (functions and extensions stay)
    const whole = mailOutbox ? { ...schema, mailOutbox: mailOutboxTable } : schema
    const tables = Object.values(whole)
      .filter((t) => is(t, PgTable))
      .map((t) => `"${getTableName(t as PgTable)}"`)
    await database.sql.unsafe(`DROP TABLE ${tables.join(', ')} CASCADE`)
    for (const sequence of Object.values(whole).filter(isPgSequence))
      await database.sql.unsafe(`DROP SEQUENCE "${sequence.seqName}"`)
    for (const statement of await generateMigration(generateDrizzleJson({}), generateDrizzleJson(whole)))
      await database.sql.unsafe(statement)
    const declared = await catalogOf(database.sql)
    return { unwritten, migrated, declared }
  } finally {
    await database.close()
    await testDb.drop()
  }
}

/** The public schema's tables as PostgreSQL describes them: columns, constraints and indexes, one line each. */
async function catalogOf(sql: Sql): Promise<string[]> {
  const rows = await sql<{ line: string }[]>`
    SELECT format('%s.%s %s%s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
             CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
             CASE WHEN d.adbin IS NULL THEN '' WHEN a.attgenerated = 's' THEN ' generated ' ELSE ' default ' END,
             pg_get_expr(d.adbin, d.adrelid)) AS line
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT format('%s constraint %s: %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n'
    UNION ALL
    SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT format('sequence %s %s from %s by %s', sequencename, data_type, start_value, increment_by)
      FROM pg_sequences WHERE schemaname = 'public'`
  return rows.map((r) => r.line).sort()
}
