import { nextDay, type PostgresJsDatabase, type Queryable, startOfDay, withCustomPlans } from '@shopfront/kit'
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { paidFor, periodTotals } from '../contract.ts'
import { orderLines, orders } from '../db/schema.ts'
import { whereOf } from './order-filter.ts'

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
 * refunds, and of that what delivery was charged. Days begin at midnight in `tz` as the kit
 * reckons it (the same days the orders list and the stats filter by); the database only
 * sorts each order into its day's bucket.
 * A best seller's units and takings are its items kept (returned ones left out), at the
 * prices they sold at, before any promotion taken off the whole order.
 */
export async function orderReport(db: PostgresJsDatabase, { from, to, tz = 'UTC', top }: ReportPeriod) {
  const days = daysOf(from, to)
  // one parameter, an array literal (an array of parameters would be rebuilt for every row)
  const starts = `{${days.map((day) => startOfDay(day, tz).toISOString()).join(',')}}`
  // 1 for the first day's orders, 2 for the second's…: the filter keeps every order inside the period
  const bucket = sql<number>`width_bucket(${orders.createdAt}, ${starts}::timestamptz[])`.mapWith(Number)
  const kept = inArray(orders.status, paidFor)
  const perDay = (q: Queryable) =>
    q
      .select({
        bucket,
        orders: count(),
        revenue: sql<number>`coalesce(sum(${orders.total} - ${orders.refunded}) filter (where ${kept}), 0)`.mapWith(
          Number,
        ),
        shipping: sql<number>`coalesce(sum(${orders.shipping}) filter (where ${kept}), 0)`.mapWith(Number),
      })
      .from(orders)
      .where(whereOf({ from, to, tz, placed: true }))
      // by position: the day starts are a parameter, and a second copy of it is not the same expression to PostgreSQL
      .groupBy(sql`1`)

  const units = sql<number>`sum(${orderLines.quantity} - ${orderLines.returned})`.mapWith(Number)
  const takings = sql<number>`sum(${orderLines.unitPrice} * (${orderLines.quantity} - ${orderLines.returned}))`
  const sellers = (q: Queryable) =>
    q
      .select({
        productId: orderLines.productId,
        // one name it sold under (a product renamed in the period: the last in alphabetical order;
        // the latest would sort every line of the period, and take twice as long)
        sku: sql<string>`max(${orderLines.sku})`,
        name: sql<string>`max(${orderLines.name})`,
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

  // the two at once, each on a connection of its own, planned for this period (a month's plan
  // is not a year's) and without parallel workers: on a small box they would only take the
  // cores from each other and from the shop (measured: bench/README.md)
  const run = <T>(query: (q: Queryable) => Promise<T>) =>
    withCustomPlans(db, async (tx) => {
      await tx.execute(sql`set local max_parallel_workers_per_gather = 0`)
      return query(tx)
    })
  const [dayRows, bestSellers] = await Promise.all([run(perDay), run(sellers)])
  const byBucket = new Map(dayRows.map((d) => [d.bucket, d]))
  const daily = days.map((day, i) => ({
    day,
    orders: byBucket.get(i + 1)?.orders ?? 0,
    revenue: byBucket.get(i + 1)?.revenue ?? 0,
    shipping: byBucket.get(i + 1)?.shipping ?? 0,
  }))

  return { from, to, tz, ...periodTotals(daily), days: daily, bestSellers }
}
