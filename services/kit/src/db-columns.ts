import { getTableName } from 'drizzle-orm'
import { customType, foreignKey, type PgColumn, timestamp } from 'drizzle-orm/pg-core'

/** Column types the services' drizzle schemas share (through `@shopfront/kit/db-schema`). */

/**
 * A `jsonb` column holding a `T`. drizzle's own `jsonb` encodes the value to text, and
 * postgres.js (whose encoders the kit keeps on the pool: db.ts) would encode it again;
 * this one hands postgres.js the value to encode once.
 *
 * @example
 *   images: jsonb<string[]>('images').notNull().default([])
 */
export const jsonb = <T>(name: string) => customType<{ data: T; driverData: T }>({ dataType: () => 'jsonb' })(name)

/** A `bytea` column (a file's bytes), read as a Buffer, written from any Uint8Array. */
export const bytea = (name: string) =>
  customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })(name)

/** A `tsvector` column (full-text search), read only through SQL. */
export const tsvector = (name: string) => customType<{ data: string }>({ dataType: () => 'tsvector' })(name)

/**
 * A foreign key named as PostgreSQL names one written inline (`<table>_<column>_fkey`):
 * the name the services' first, hand-written migrations gave theirs.
 *
 * @example
 *   (t) => [fkey(t.ticketId, tickets.id).onDelete('cascade')]
 */
export const fkey = (column: PgColumn, target: PgColumn) =>
  foreignKey({ name: `${getTableName(column.table)}_${column.name}_fkey`, columns: [column], foreignColumns: [target] })

/** A `timestamptz` column read as a Date: every time the services store is an instant. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true })
