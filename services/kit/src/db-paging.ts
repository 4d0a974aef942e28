import { sql } from 'drizzle-orm'

/**
 * One page of a list, written once: `withTotal` is the window count of every match, a
 * column beside each row of the page (one query); `readPage` runs such a query for one
 * page and answers the items (through `view`, without the count) and the total (0 for an
 * empty page). `onPage` (the page's LIMIT and OFFSET) and `paged` (the answer) are its
 * two halves, for a list that counts apart.
 *
 * @example
 *   const query = db.select({ ...getTableColumns(tickets), ...withTotal }).from(tickets).orderBy(asc(tickets.id))
 *   return readPage(query, { page, limit }, toTicket)
 */
// named so it meets no table's column (orders have a `total`)
export const withTotal = { totalCount: sql<number>`count(*) OVER ()`.mapWith(Number) }

export const onPage = <Q extends { limit(n: number): { offset(n: number): unknown } }>(
  query: Q,
  { page, limit }: { page: number; limit: number },
) => query.limit(limit).offset((page - 1) * limit) as ReturnType<ReturnType<Q['limit']>['offset']>

export function paged<R extends { totalCount: number }, T = Omit<R, 'totalCount'>>(
  rows: R[],
  view: (row: Omit<R, 'totalCount'>) => T = (row) => row as T,
) {
  return { items: rows.map(({ totalCount: _, ...row }) => view(row)), total: rows[0]?.totalCount ?? 0 }
}

/** A page of a query that selects `withTotal`: `{ items, total }` (see above). */
export async function readPage<R extends { totalCount: number }, T = Omit<R, 'totalCount'>>(
  query: { $dynamic(): { limit(n: number): { offset(n: number): PromiseLike<R[]> } } },
  paging: { page: number; limit: number },
  view?: (row: Omit<R, 'totalCount'>) => T,
) {
  return paged(await onPage(query.$dynamic(), paging), view)
}
