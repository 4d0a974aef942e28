import type { Sql } from 'postgres'

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
