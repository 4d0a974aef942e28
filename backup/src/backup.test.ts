import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import sharp from 'sharp'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { connectDatabase, migrateDatabase } from '@shopfront/kit'
import { createTestDatabase } from '@shopfront/kit/testing'
import { productBody, startProducts } from '@shopfront/products/testing'
import { restoreBackup } from './restore.ts'
import { migrationsOf, platformDatabases, root } from './server.ts'
import { takeBackup } from './take.ts'

const server = inject('testDatabaseUrl')
const folders: string[] = []
const newFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopfront-backup-test-'))
  folders.push(dir)
  return join(dir, 'backup')
}
const dropped: string[] = []
afterAll(async () => {
  const admin = postgres(server, { max: 1, onnotice: () => {} })
  for (const name of dropped) await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.end()
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
})

/** Every row of every table of a database, in a stable order, and its sequences' next values. */
async function contentsOf(name: string) {
  const url = new URL(server)
  url.pathname = `/${name}`
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} })
  try {
    const tables = await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables where table_schema = 'public' order by 1`
    const rows: Record<string, unknown[]> = {}
    for (const { name: table } of tables) rows[table] = await sql.unsafe(`select * from "${table}" order by 1`)
    const sequences = await sql`select sequencename, last_value from pg_sequences order by 1`
    return { rows, sequences }
  } finally {
    await sql.end()
  }
}

describe('backup and restore', () => {
  it('When the platform is backed up, then each database of a service with migrations is in it, under the name its settings give', () => {
    const names = platformDatabases()
    expect(names).toEqual(expect.arrayContaining(['cart', 'products', 'sales', 'support', 'users', 'web']))
    for (const name of names) {
      const settings = Bun.YAML.parse(readFileSync(join(root, 'config-server/settings', `${name}.yml`), 'utf8'))
      expect((settings as { database?: { name?: string } }).database?.name).toBe(name)
    }
  })

  it("When backups are taken in the checkout, then they stay out of git and out of every image (customers' data)", () => {
    const ignored = Bun.spawnSync(
      ['git', 'check-ignore', '-q', 'backups/shopfront-2026-01-01T00-00-00Z/manifest.json'],
      { cwd: root },
    )
    expect(ignored.exitCode).toBe(0)
    expect(readFileSync(join(root, '.dockerignore'), 'utf8')).toMatch(/^backups$/m)
  })

  it("When the products service's database is backed up and restored onto a server without it, then every row, picture and sequence comes back as it was", async () => {
    const products = await startProducts()
    const { send, as, sql } = products
    const category = await send('POST', '/api/categories', {
      auth: as.admin,
      body: { name: 'Café & Thé', slug: 'cafe-the' },
    })
    expect(category.status).toBe(201)
    const picture = await products.app.request('/api/products/images', {
      method: 'POST',
      body: (await sharp({ create: { width: 900, height: 600, channels: 3, background: '#a63' } })
        .jpeg()
        .toBuffer()) as BodyInit,
      headers: { 'content-type': 'image/jpeg', authorization: as.admin },
    })
    expect(picture.status).toBe(201)
    const body = productBody({
      name: 'Crème brûlée\tcoffee',
      description: 'Line one\nline two \\ with a backslash, "quotes" and 日本語',
      categoryId: (category.body as { id: string }).id,
      images: [(await picture.json()).url],
      attributes: { roast: 'dark', notes: 'caramel, "nuts"', grams: 340 },
    })
    const made = await send('POST', '/api/products', { auth: as.admin, body })
    expect(made.body).toMatchObject({ name: body.name })
    expect(
      (
        await send('POST', `/api/products/${(made.body as { id: string }).id}/stock`, {
          auth: as.admin,
          body: { delta: 5, reason: 'delivery' },
        })
      ).status,
    ).toBe(200)
    const [{ name }] = await sql<{ name: string }[]>`select current_database() as name`
    const before = await contentsOf(name)

    const dir = newFolder()
    const { manifest, missing } = await takeBackup(server, [name, 'no_such_database'], dir)
    expect(missing).toEqual(['no_such_database'])
    expect(manifest.databases[0]?.tables.find((t) => t.name === 'pictures')?.rows).toBe(1)
    await expect(restoreBackup(server, dir, { migrationsOf: () => migrationsOf('products') })).rejects.toThrow(
      /in use .* stop the platform first/,
    )

    await products.close() // drops its database: the backup goes onto a server without it
    dropped.push(name)
    await restoreBackup(server, dir, { migrationsOf: () => migrationsOf('products') })
    expect(await contentsOf(name)).toEqual(before)
  })
})

/** A service's migrations as drizzle-kit writes them: `meta/_journal.json` and one SQL file each. */
function migrationsFolder(migrations: string[]) {
  const dir = newFolder()
  const entries = migrations.map((_, idx) => ({
    idx,
    version: '7',
    when: 1760000000000 + idx,
    tag: `000${idx}_m`,
    breakpoints: true,
  }))
  mkdirSync(join(dir, 'meta'), { recursive: true })
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }))
  for (const [i, text] of migrations.entries()) writeFileSync(join(dir, `000${i}_m.sql`), text)
  return dir
}

const first = `CREATE TABLE "b_customers" ("id" serial PRIMARY KEY, "name" text NOT NULL, "photo" bytea, "prefs" jsonb,
  "search" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "name")) STORED);
--> statement-breakpoint
CREATE TABLE "a_orders" ("id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "customer_id" integer NOT NULL REFERENCES "b_customers" ("id"), "note" text);
--> statement-breakpoint
CREATE SEQUENCE "order_numbers" START 1001;
--> statement-breakpoint
INSERT INTO "b_customers" ("name") VALUES ('written by a migration');`
const second = `ALTER TABLE "a_orders" ADD COLUMN "total" integer NOT NULL DEFAULT 0;`

/** A database at the first migration, with rows that COPY must escape, and the order they must load in (a_orders refers to b_customers). */
async function databaseAtFirstMigration() {
  const made = await createTestDatabase('backup')
  dropped.push(made.name)
  const database = await connectDatabase(made.url, { max: 2 })
  await migrateDatabase(database, migrationsFolder([first]))
  const [customer] = await database.sql`insert into b_customers (name, photo, prefs)
    values (${'Zoë\ttab\nnewline \\N not null'}, ${Buffer.from([0, 10, 92, 255])}, ${database.sql.json({ opt: true })}) returning id`
  await database.sql`insert into a_orders (customer_id, note) values (${customer?.id}, null), (${customer?.id}, ${'\\.'})`
  await database.sql`select nextval('order_numbers'), nextval('order_numbers')`
  return { ...made, database }
}

describe('restoring a backup taken by an older version, and what restore refuses', () => {
  it('When a backup taken before a migration is restored, then its schema is rebuilt as it was, its rows and sequences come back, and the newer migration applies on top', async () => {
    const { name, database } = await databaseAtFirstMigration()
    const before = await contentsOf(name)
    const dir = newFolder()
    await takeBackup(server, [name], dir)
    await database.sql`delete from a_orders`
    await database.close()

    await restoreBackup(server, dir, { replace: true, migrationsOf: () => migrationsFolder([first, second]) })
    expect(await contentsOf(name)).toEqual(before)
    const url = new URL(server)
    url.pathname = `/${name}`
    const restored = await connectDatabase(url.toString(), { max: 2 })
    expect((await restored.sql`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]?.n).toBe(1)
    expect((await restored.sql`select nextval('order_numbers')::int as n`)[0]?.n).toBe(1003)
    await migrateDatabase(restored, migrationsFolder([first, second]))
    expect(await restored.sql`select note, total from a_orders order by id`).toEqual([
      { note: null, total: 0 },
      { note: '\\.', total: 0 },
    ])
    await restored.close()
  })

  it('When a database exists, a file is damaged, the backup is newer than this checkout or a migration differs, then restore says so and changes nothing', async () => {
    const { name, database } = await databaseAtFirstMigration()
    const dir = newFolder()
    const { manifest } = await takeBackup(server, [name], dir)
    await database.close()
    const before = await contentsOf(name)
    const restore = (migrations: string[], replace = true) =>
      restoreBackup(server, dir, { replace, migrationsOf: () => migrationsFolder(migrations) })

    await expect(restore([first, second], false)).rejects.toThrow(`database ${name} exists already: pass --replace`)
    const other = newFolder()
    mkdirSync(other)
    writeFileSync(join(other, 'manifest.json'), JSON.stringify({ format: 'pg_dump' }))
    await expect(restoreBackup(server, other, { migrationsOf: () => '' })).rejects.toThrow(
      /is not a Shopfront backup \(manifest.json: .*expected "shopfront-backup\/1"/,
    )
    await expect(restore([])).rejects.toThrow(/backed up by a newer Shopfront \(1 migrations, this checkout has 0\)/)
    await expect(restore([`${first}\n-- edited`, second])).rejects.toThrow(/migration 0000_m .* is not the one/)
    const file = join(dir, manifest.databases[0]?.tables[0]?.file ?? '')
    const bytes = readFileSync(file)
    bytes[bytes.length - 5] ^= 1
    writeFileSync(file, bytes)
    await expect(restore([first, second])).rejects.toThrow(/is damaged or missing/)
    expect(await contentsOf(name)).toEqual(before)
  })
})
