import { nextDay, type PostgresJsDatabase, startOfDay } from '@shopfront/kit'
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { periodTotals } from '../contract.ts'
import { orderLines, orders } from '../db/schema.ts'
import { whereOf } from './order-filter.ts'
import { paidFor } from './order-stats.ts'

/** A report's period: from one day to another (both included), days as `tz` counts them; `top` best sellers. */
export interface ReportPeriod {
  from: string
  to: string
  tz?: string | undefined
  top: number
}

/** The days from `from` to `to`, both included, as `YYYY-MM-DD`. */
export function daysOf(from: string, to: string) {
  const days: string[] = []
  for (let day = from; day <= to; day = nextDay(day)) days.push(day)
  return days
}

/**
 * A period's sales day by day, and its best sellers. Each day counts as the stats do: its
 * placed orders (all but failed and pending) and what those still paid for took in, net of
 * refunds. Days begin at midnight in `tz` as the kit reckons it (the same days the orders
 * list and the stats filter by); the database only sorts each order into its day's bucket.
 * A best seller's units and takings are its items kept (returned ones left out), at the
 * prices they sold at, before any promotion taken off the whole order.
 */
export async function orderReport(db: PostgresJsDatabase, { from, to, tz = 'UTC', top }: ReportPeriod) {
  const days = daysOf(from, to)
  const starts = days.map((day) => sql`${startOfDay(day, tz).toISOString()}::timestamptz`)
  // 1 for the first day's orders, 2 for the second's…: the filter keeps every order inside the period
  const bucket = sql<number>`width_bucket(${orders.createdAt}, array[${sql.join(starts, sql`, `)}])`.mapWith(Number)
  const kept = inArray(orders.status, paidFor)
  const perDay = await db
    .select({
      bucket,
      orders: count(),
      revenue: sql<number>`coalesce(sum(${orders.total} - ${orders.refunded}) filter (where ${kept}), 0)`.mapWith(
        Number,
      ),
    })
    .from(orders)
    .where(whereOf({ from, to, tz, placed: true }))
    // by position: the bucket's day starts are parameters, and another copy of them is not the same expression to PostgreSQL
    .groupBy(sql`1`)
  const byBucket = new Map(perDay.map((d) => [d.bucket, d]))
  const daily = days.map((day, i) => ({
    day,
    orders: byBucket.get(i + 1)?.orders ?? 0,
    revenue: byBucket.get(i + 1)?.revenue ?? 0,
  }))

  const units = sql<number>`sum(${orderLines.quantity} - ${orderLines.returned})`.mapWith(Number)
  const takings = sql<number>`sum(${orderLines.unitPrice} * (${orderLines.quantity} - ${orderLines.returned}))`
  const bestSellers = await db
    .select({
      productId: orderLines.productId,
      // the name and sku it last sold under
      sku: sql<string>`(array_agg(${orderLines.sku} order by ${orders.createdAt} desc))[1]`,
      name: sql<string>`(array_agg(${orderLines.name} order by ${orders.createdAt} desc))[1]`,
      units,
      revenue: takings.mapWith(Number),
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(whereOf({ from, to, tz }), kept))
    .groupBy(orderLines.productId)
    .having(sql`${units} > 0`)
    .orderBy(desc(takings), desc(units), orderLines.productId)
    .limit(top)

  return { from, to, tz, ...periodTotals(daily), days: daily, bestSellers }
}
