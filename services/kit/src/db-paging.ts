import type { Sql } from 'postgres'
import { sql as drizzleSql } from 'drizzle-orm'

/**
 * One page of a list in SQL, written once: `totalColumn` counts every match beside each
 * row of the page (a window count, so one query), `pageWindow` is its LIMIT and OFFSET,
 * `totalOf` reads the count back (0 for an empty page).
 *
 * @example
 *   const rows = await sql`SELECT *, ${totalColumn(sql)} FROM tickets ORDER BY id ${pageWindow(sql, query)}`
 *   return { items: rows.map(toTicket), total: totalOf(rows) }
 */
export const totalColumn = (sql: Sql) => sql`count(*) OVER () AS total_count`

export const pageWindow = (sql: Sql, { page, limit }: { page: number; limit: number }) =>
  sql`LIMIT ${limit} OFFSET ${(page - 1) * limit}`

export const totalOf = (rows: readonly Record<string, unknown>[]): number =>
  rows.length ? Number(rows[0]!.total_count) : 0

/**
 * The same for drizzle's typed queries: `withTotal` is the window count as a column to
 * select, `onPage` the page's LIMIT and OFFSET, `paged` the answer (items without the count).
 *
 * @example
 *   const rows = await onPage(db.select({ ...getTableColumns(tickets), ...withTotal }).from(tickets).$dynamic(), query)
 *   return paged(rows, toTicket)
 */
// named so it meets no table's column (orders have a `total`)
export const withTotal = { totalCount: drizzleSql<number>`count(*) OVER ()`.mapWith(Number) }

export const onPage = <Q extends { limit(n: number): { offset(n: number): unknown } }>(
  query: Q,
  { page, limit }: { page: number; limit: number },
) => query.limit(limit).offset((page - 1) * limit) as ReturnType<ReturnType<Q['limit']>['offset']>

export function paged<R extends { totalCount: number }, T>(rows: R[], view: (row: Omit<R, 'totalCount'>) => T) {
  return { items: rows.map(({ totalCount: _, ...row }) => view(row)), total: rows[0]?.totalCount ?? 0 }
}
