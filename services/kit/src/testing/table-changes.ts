import type { Sql } from 'postgres'

/**
 * A watch on a database's tables: each call answers which tables changed (a row added,
 * removed or altered) since the call before; the first takes the baseline and answers none.
 * Cheap on a test's few rows: one statement counting and hashing each table.
 *
 * @example
 *   const changed = tableChanges(sql)
 *   await changed()
 *   await send('POST', '/api/products', { body: junk, auth: as.admin })
 *   expect(await changed()).toEqual([])
 */
export function tableChanges(sql: Sql): () => Promise<string[]> {
  let summary: string | undefined
  let last = new Map<string, string>()
  return async () => {
    summary ??= await summaryQuery(sql)
    const rows = await sql.unsafe<{ name: string; hash: string }[]>(summary)
    const now = new Map(rows.map((r) => [r.name, r.hash]))
    const changed = last.size ? [...now].filter(([name, hash]) => last.get(name) !== hash).map(([name]) => name) : []
    last = now
    return changed.sort()
  }
}

/** One statement giving each table's row count and the sum of its rows' hashes. */
async function summaryQuery(sql: Sql): Promise<string> {
  const tables = await sql<{ schema: string; name: string }[]>`
    SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1, 2`
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`
  return tables
    .map(
      ({ schema, name }) =>
        `SELECT '${`${schema}.${name}`.replaceAll("'", "''")}' AS name, ` +
        `count(*) || ':' || coalesce(sum(hashtext(t::text)::bigint), 0) AS hash FROM ${quoted(schema)}.${quoted(name)} t`,
    )
    .join(' UNION ALL ')
}
