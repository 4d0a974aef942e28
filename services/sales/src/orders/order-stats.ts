import type { PostgresJsDatabase } from '@shopfront/kit'
import { count, sql } from 'drizzle-orm'
import { notPlaced, paidFor } from '../contract.ts'
import { orders } from '../db/schema.ts'
import { type OrderFilter, whereOf } from './order-filter.ts'

/** How many orders of each status the filter finds, how many were placed (all but failed and pending), and what those still paid for (paid, shipped, delivered) took in, less what returns of some of their items gave back. */
export async function orderStats(db: PostgresJsDatabase, filter: OrderFilter) {
  const rows = await db
    .select({
      status: orders.status,
      orders: count(),
      revenue: sql<number>`coalesce(sum(${orders.total} - ${orders.refunded}), 0)`.mapWith(Number),
    })
    .from(orders)
    .where(whereOf(filter))
    .groupBy(orders.status)
  const placed = rows.filter((r) => !notPlaced.includes(r.status))
  const kept = rows.filter((r) => paidFor.includes(r.status))
  return {
    orders: placed.reduce((n, r) => n + r.orders, 0),
    revenue: kept.reduce((n, r) => n + r.revenue, 0),
    byStatus: Object.fromEntries(rows.map((r) => [r.status, r.orders])),
  }
}

/** A checkout takes seconds: one still unfinished this long after it began is stuck. */
export const stalledAfterSeconds = 300
