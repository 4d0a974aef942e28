import { asc, inArray, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import { repeatInBackground } from './background.ts'
import type { Logger } from './logger.ts'

/**
 * A backlog deleted a batch at a time, so no statement holds its locks for long:
 * `deleteBatch(size)` deletes up to `size` rows (or whole things) and says how many went; it
 * runs again while a batch comes back full, `maxBatches` times at the most (the next run of
 * the job goes on). How many went in all.
 *
 * @example
 *   const gone = await inBatches((size) => sessions.sweep(size))
 */
export async function inBatches(
  deleteBatch: (size: number) => Promise<number>,
  { size = 1000, maxBatches = 100 }: { size?: number; maxBatches?: number } = {},
): Promise<number> {
  let total = 0
  for (let round = 0; round < maxBatches; round++) {
    const gone = await deleteBatch(size)
    total += gone
    if (gone < size) break
  }
  return total
}

/**
 * Deletes up to `size` rows of `table` that `where` selects, found by their `key` column
 * (its primary key); how many went. A batch for `inBatches`.
 *
 * @example
 *   await inBatches((size) => deleteUpTo(db, sessions, sessions.idHash, lte(sessions.expiresAt, sql`now()`), size))
 */
export async function deleteUpTo(
  db: PostgresJsDatabase,
  table: PgTable,
  key: PgColumn,
  where: SQL,
  size: number,
): Promise<number> {
  const due = db.select({ key }).from(table).where(where).limit(size)
  const gone = await db.delete(table).where(inArray(key, due)).returning({ key })
  return gone.length
}

/**
 * A table kept short in the background: `sweep` (a batch delete, e.g. `deleteUpTo`) run
 * through `inBatches` every `intervalMs` (an hour unless said), what it removed logged.
 * A job for the kit to start and stop.
 *
 * @example
 *   const sweeper = sweepInBackground({ name: 'ended sessions', sweep: (size) => sessions.sweep(size), logger })
 */
export function sweepInBackground({
  name,
  sweep,
  intervalMs = () => 3_600_000,
  logger,
}: {
  /** What it removes, e.g. `ended sessions`. */
  name: string
  sweep: (size: number) => Promise<number>
  intervalMs?: () => number
  logger: Logger
}) {
  return repeatInBackground({
    name: `sweep of ${name}`,
    run: async () => {
      const removed = await inBatches(sweep)
      if (removed) logger.info(`swept ${name}`, { removed })
    },
    intervalMs,
    logger,
  })
}

/**
 * The rows of `table` due for a take-over by this claimant (recovery's, a retry job's): those
 * `where` selects, oldest `by` first, up to `limit`, locked for the claim and skipping those
 * another claimant holds (SKIP LOCKED): a subquery of their `key`, for the UPDATE that claims
 * them by setting a new time.
 *
 * @example
 *   const due = dueForTakeOver(db, orders, orders.id, lt(orders.leaseUntil, sql`now()`), orders.leaseUntil, 20)
 *   return db.update(orders).set({ leaseUntil: secondsFromNow(30) }).where(inArray(orders.id, due)).returning()
 */
export const dueForTakeOver = (
  db: PostgresJsDatabase,
  table: PgTable,
  key: PgColumn,
  where: SQL | undefined,
  by: PgColumn,
  limit: number,
) => db.select({ key }).from(table).where(where).orderBy(asc(by)).limit(limit).for('update', { skipLocked: true })
