/**
 * What a service's `src/db/schema.ts` takes from the kit (`@shopfront/kit/db-schema`): the
 * shared column types and the mail outbox's table. It imports drizzle only, so drizzle-kit
 * can load a schema that uses it.
 */
export * from './db-columns.ts'
export { mailOutbox } from './mail/outbox-table.ts'
