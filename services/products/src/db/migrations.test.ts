import { join } from 'node:path'
import { databaseBefore } from '@shopfront/kit/testing'
import { expect, it } from 'vitest'

const folder = join(import.meta.dirname, '../../drizzle')

it('When a database from before 0002 is migrated, then the stock movements sales made name their order, and the others none', async () => {
  const old = await databaseBefore(folder, 2)
  try {
    const orderId = crypto.randomUUID()
    const [product] = await old.sql`
      insert into products (sku, name, price_amount, on_hand) values ('OLD-1', 'Old', 100, 5) returning id`
    await old.sql`
      insert into stock_movements (product_id, delta, reason, actor, on_hand_after) values
        (${product?.id}, 5, 'initial stock', 'admin-1', 5),
        (${product?.id}, -1, ${`order ${orderId}`}, 'sales', 4),
        (${product?.id}, 1, ${`return of order ${orderId}`}, 'sales', 5),
        (${product?.id}, -1, 'an order of samples', 'admin-1', 4)`
    await old.migrateRest()
    const rows = await old.sql`select order_id from stock_movements order by id`
    expect(rows.map((r) => r.order_id)).toEqual([null, orderId, orderId, null])
  } finally {
    await old.close()
  }
})

it('When a database from before 0004 is migrated, then the lines of orders returned whole say all came back, the others none', async () => {
  const old = await databaseBefore(folder, 4)
  try {
    const [product] = await old.sql`
      insert into products (sku, name, price_amount, on_hand) values ('OLD-2', 'Old', 100, 5) returning id`
    await old.sql`
      insert into reservations (order_id, status, expires_at) values
        ('back', 'returned', now()), ('kept', 'committed', now())`
    await old.sql`
      insert into reservation_lines (order_id, product_id, quantity) values
        ('back', ${product?.id}, 2), ('kept', ${product?.id}, 3)`
    await old.migrateRest()
    const rows = await old.sql`select order_id, returned from reservation_lines order by order_id`
    expect(rows.map((r) => [r.order_id, r.returned])).toEqual([
      ['back', 2],
      ['kept', 0],
    ])
  } finally {
    await old.close()
  }
})
