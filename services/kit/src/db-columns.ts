import { customType } from 'drizzle-orm/pg-core'

/**
 * Column types the services' drizzle schemas share; this module imports drizzle only, so
 * drizzle-kit can load a schema that uses it.
 */

/**
 * A `jsonb` column holding a `T`. drizzle's own `jsonb` encodes the value to text, and
 * postgres.js (whose encoders the kit keeps on the pool: db.ts) would encode it again;
 * this one hands postgres.js the value to encode once.
 *
 * @example
 *   images: jsonb<string[]>('images').notNull().default([])
 */
export const jsonb = <T>(name: string) => customType<{ data: T; driverData: T }>({ dataType: () => 'jsonb' })(name)

/** A `tsvector` column (full-text search), read only through SQL. */
export const tsvector = (name: string) => customType<{ data: string }>({ dataType: () => 'tsvector' })(name)
