import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectDatabase, migrateDatabase } from '@shopfront/kit'
import { createTestDatabase } from '@shopfront/kit/testing'
import { expect, it } from 'vitest'

const folder = join(import.meta.dirname, '../../drizzle')

/** The migrations folder as a database made before migration `idx` saw it. */
const migrationsBefore = (idx: number) => {
  const before = mkdtempSync(join(tmpdir(), 'products-migrations-'))
  cpSync(folder, before, { recursive: true })
  const journalFile = join(before, 'meta/_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] }
  journal.entries = journal.entries.filter((e) => e.idx < idx)
  writeFileSync(journalFile, JSON.stringify(journal))
  return before
}

it('When a database from before 0002 is migrated, then the stock movements sales made name their order, and the others none', async () => {
  const before = migrationsBefore(2)
  const testDb = await createTestDatabase('movements')
  const database = await connectDatabase(testDb.url)
  try {
    await migrateDatabase(database, before)
    const orderId = crypto.randomUUID()
    const [product] = await database.sql`
      insert into products (sku, name, price_amount, on_hand) values ('OLD-1', 'Old', 100, 5) returning id`
    await database.sql`
      insert into stock_movements (product_id, delta, reason, actor, on_hand_after) values
        (${product?.id}, 5, 'initial stock', 'admin-1', 5),
        (${product?.id}, -1, ${`order ${orderId}`}, 'sales', 4),
        (${product?.id}, 1, ${`return of order ${orderId}`}, 'sales', 5),
        (${product?.id}, -1, 'an order of samples', 'admin-1', 4)`
    await migrateDatabase(database, folder)
    const rows = await database.sql`select order_id from stock_movements order by id`
    expect(rows.map((r) => r.order_id)).toEqual([null, orderId, orderId, null])
  } finally {
    await database.close()
    await testDb.drop()
    rmSync(before, { recursive: true, force: true })
  }
})

it('When a database from before 0004 is migrated, then the lines of orders returned whole say all came back, the others none', async () => {
  const before = migrationsBefore(4)
  const testDb = await createTestDatabase('returns')
  const database = await connectDatabase(testDb.url)
  try {
    await migrateDatabase(database, before)
    const [product] = await database.sql`
      insert into products (sku, name, price_amount, on_hand) values ('OLD-2', 'Old', 100, 5) returning id`
    await database.sql`
      insert into reservations (order_id, status, expires_at) values
        ('back', 'returned', now()), ('kept', 'committed', now())`
    await database.sql`
      insert into reservation_lines (order_id, product_id, quantity) values
        ('back', ${product?.id}, 2), ('kept', ${product?.id}, 3)`
    await migrateDatabase(database, folder)
    const rows = await database.sql`select order_id, returned from reservation_lines order by order_id`
    expect(rows.map((r) => [r.order_id, r.returned])).toEqual([
      ['back', 2],
      ['kept', 0],
    ])
  } finally {
    await database.close()
    await testDb.drop()
    rmSync(before, { recursive: true, force: true })
  }
})
