import type { PostgresJsDatabase, Queryable } from '@shopfront/kit'
import { eq, sql } from 'drizzle-orm'
import { knownContacts } from '../db/schema.ts'
import type { Contact } from '../neighbours/neighbours.ts'

/** The contacts users last gave for customers, in sales' own database. */
export function createKnownContactsRepo(db: PostgresJsDatabase) {
  return {
    /** Keeps what users answered for a customer, in place of what it answered before (in the order's transaction). */
    async remember(q: Queryable, { id, email, name, shippingAddress }: Contact) {
      const contact = { email, name, shippingAddress }
      await q
        .insert(knownContacts)
        .values({ userId: id, ...contact })
        .onConflictDoUpdate({
          target: knownContacts.userId,
          set: { ...contact, updatedAt: sql`now()` },
          // the same contact again is not written again
          setWhere: sql`(${knownContacts.email}, ${knownContacts.name}, ${knownContacts.shippingAddress})
            IS DISTINCT FROM (excluded.email, excluded.name, excluded.shipping_address)`,
        })
    },
    /** A deleted account's contact, no longer kept (its orders keep the name and address they were placed with). */
    async forget(userId: string) {
      await db.delete(knownContacts).where(eq(knownContacts.userId, userId))
    },
    async find(userId: string): Promise<Contact | undefined> {
      const [row] = await db.select().from(knownContacts).where(eq(knownContacts.userId, userId))
      return row && { id: row.userId, email: row.email, name: row.name, shippingAddress: row.shippingAddress }
    },
  }
}

export type KnownContactsRepo = ReturnType<typeof createKnownContactsRepo>
