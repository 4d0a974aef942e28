import { join } from 'node:path'
import { databaseBefore } from '@shopfront/kit/testing'
import { expect, it } from 'vitest'

const folder = join(import.meta.dirname, '../../drizzle')

it('When a database from before 0005 is migrated, then cancelled and refunded orders gave all their money back, refunded ones all their items', async () => {
  const old = await databaseBefore(folder, 5)
  try {
    const ids = { paid: crypto.randomUUID(), cancelled: crypto.randomUUID(), refunded: crypto.randomUUID() }
    for (const [status, id] of Object.entries(ids)) {
      await old.sql`
        insert into orders (id, number, user_id, email, customer_name, status, currency, subtotal, total,
                            shipping_address, idempotency_key, request_hash, lease_until)
        values (${id}, ${`SF-${status}`}, 'u', 'u@example.com', 'U', ${status}, 'USD', 1400, 1400,
                '{}', ${id}, 'h', now())`
      await old.sql`
        insert into order_lines (order_id, product_id, sku, name, unit_price, quantity, line_total)
        values (${id}, ${crypto.randomUUID()}, 'S', 'N', 700, 2, 1400)`
    }
    await old.migrateRest()
    const rows = await old.sql`
      select o.status, o.refunded, l.returned from orders o join order_lines l on l.order_id = o.id order by o.status`
    expect(rows.map((r) => [r.status, r.refunded, r.returned])).toEqual([
      ['cancelled', 1400, 0],
      ['paid', 0, 0],
      ['refunded', 1400, 2],
    ])
  } finally {
    await old.close()
  }
})
