import { sql } from 'drizzle-orm'

/**
 * A time `seconds` from the database's own clock (never the process's: instances' clocks
 * drift apart), for leases, expiries and windows; `secondsAgo` the other way.
 *
 * @example
 *   db.update(orders).set({ leaseUntil: secondsFromNow(30) })
 *   lt(loginFailures.lastFailureAt, secondsAgo(900))
 */
export const secondsFromNow = (seconds: number) => sql`now() + ${seconds} * interval '1 second'`

export const secondsAgo = (seconds: number) => sql`now() - ${seconds} * interval '1 second'`
