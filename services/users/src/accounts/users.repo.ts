import {
  type PostgresJsDatabase,
  type Queryable,
  readPage,
  secondsFromNow,
  type Transaction,
  withTotal,
} from '@shopfront/kit'
import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  ilike,
  inArray,
  isNotNull,
  lte,
  ne,
  or,
  sql,
} from 'drizzle-orm'
import { erasedAddresses, passwordResetCodes, users, verificationCodes } from '../db/schema.ts'
import type { ImportedCustomer } from './accounts.routes.ts'

/** What an admin's list of users filters on: words of the e-mail or name, a role. */
export type UserQuery = { q?: string | undefined; role?: 'customer' | 'support' | 'admin' | undefined }

export type User = typeof users.$inferSelect

/** What a user's profile or an admin may change; a key left undefined stays as it is. */
export type UserChange = Partial<
  Pick<User, 'name' | 'phone' | 'shippingAddress' | 'marketingOptIn' | 'roles' | 'disabled' | 'passwordHash'>
>

/** What erasing an account puts in its place: a password nobody knows, and its address's digest (erased-addresses.ts). */
export type Erasure = { unusablePasswordHash: string; addressDigest: string }

const byEmail = (email: string) => eq(users.email, email)
const enabled = eq(users.disabled, false)
const optedIn = and(eq(users.marketingOptIn, true), enabled, isNotNull(users.emailVerifiedAt))
const admins = arrayContains(users.roles, ['admin'])
/** Held while the admins are counted and changed: the first admin is made once, the last one never unmade. */
const lockAdmins = (tx: Transaction) => tx.execute(sql`SELECT pg_advisory_xact_lock(727277)`)

/** The users table: every statement about accounts is here. */
export function createUsersRepo(db: PostgresJsDatabase) {
  return {
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => db.transaction(work),

    async find(id: string, q: Queryable = db): Promise<User | undefined> {
      const [row] = await q.select().from(users).where(eq(users.id, id))
      return row
    },

    async findByEmail(email: string): Promise<User | undefined> {
      const [row] = await db.select().from(users).where(byEmail(email))
      return row
    },

    /** The account with this e-mail, locked for the caller's transaction (`enabledOnly`: not a disabled one). */
    async lockByEmail(tx: Transaction, email: string, { enabledOnly = false } = {}): Promise<User | undefined> {
      const [row] = await tx
        .select()
        .from(users)
        .where(and(byEmail(email), enabledOnly ? enabled : undefined))
        .for('update')
      return row
    },

    /** Customers brought over from another system (`customer-import.ts`): those whose e-mail is new, as made. */
    /** Of these addresses, those that have an account. */
    async withAccounts(tx: Transaction, emails: string[]) {
      const rows = await tx.select({ email: users.email }).from(users).where(inArray(users.email, emails))
      return new Set(rows.map((r) => r.email))
    },

    /** Of these digests (erased-addresses.ts), those of deleted accounts' addresses. */
    async erasedAmong(tx: Transaction, digests: string[]) {
      const rows = await tx
        .select({ digest: erasedAddresses.digest })
        .from(erasedAddresses)
        .where(inArray(erasedAddresses.digest, digests))
      return new Set(rows.map((r) => r.digest))
    },

    async insertCustomers(tx: Transaction, rows: ImportedCustomer[], passwordHash: string) {
      if (!rows.length) return []
      return tx
        .insert(users)
        .values(
          rows.map((r) => ({
            email: r.email,
            name: r.name,
            phone: r.phone ?? null,
            shippingAddress: r.shippingAddress ?? null,
            marketingOptIn: r.marketingOptIn ?? false,
            passwordHash,
          })),
        )
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id, email: users.email, name: users.name })
    },

    /** A new account, or undefined when the e-mail is taken. */
    async create(
      tx: Transaction,
      user: { email: string; passwordHash: string; name: string; roles?: string[]; verified?: boolean },
    ): Promise<User | undefined> {
      const [row] = await tx
        .insert(users)
        .values({
          email: user.email,
          passwordHash: user.passwordHash,
          name: user.name,
          roles: user.roles,
          emailVerifiedAt: user.verified ? sql`now()` : null,
        })
        .onConflictDoNothing({ target: users.email })
        .returning()
      return row
    },

    async update(id: string, change: UserChange, q: Queryable = db) {
      await q
        .update(users)
        .set({ ...change, updatedAt: sql`now()` })
        .where(eq(users.id, id))
    },

    /**
     * The account's personal data gone for good, its id kept (the orders and tickets that
     * name it): nameless, at an address that can never receive mail (so the real one is
     * free to register again), closed, its pending codes deleted; its address's digest kept
     * (an import passes it over).
     */
    async erase(tx: Transaction, id: string, { unusablePasswordHash, addressDigest }: Erasure) {
      await tx
        .update(users)
        .set({
          email: `deleted-${id}@deleted.invalid`,
          name: 'Deleted account',
          phone: null,
          shippingAddress: null,
          marketingOptIn: false,
          disabled: true,
          passwordHash: unusablePasswordHash,
          emailVerifiedAt: null,
          deletedAt: sql`now()`,
          forgetAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(eq(users.id, id))
      await tx.delete(verificationCodes).where(eq(verificationCodes.userId, id))
      await tx.delete(passwordResetCodes).where(eq(passwordResetCodes.userId, id))
      await tx
        .insert(erasedAddresses)
        .values({ digest: addressDigest })
        .onConflictDoUpdate({ target: erasedAddresses.digest, set: { erasedAt: sql`now()` } })
    },

    /**
     * Deleted accounts whose neighbours are still to forget them, up to `limit`, each put off
     * `retrySeconds` (so the next claim, here or on another instance, passes over it).
     */
    async claimToForget(retrySeconds: number, limit = 20): Promise<{ id: string }[]> {
      const due = db
        .select({ id: users.id })
        .from(users)
        .where(lte(users.forgetAt, sql`now()`))
        .limit(limit)
        .for('update', { skipLocked: true })
      return db
        .update(users)
        .set({ forgetAt: secondsFromNow(retrySeconds) })
        .where(inArray(users.id, due))
        .returning({ id: users.id })
    },

    /** Its neighbours have forgotten the deleted account. */
    async forgotten(id: string) {
      await db.update(users).set({ forgetAt: null }).where(eq(users.id, id))
    },

    /** The e-mail was proved (a code sent to it came back). */
    async markVerified(tx: Transaction, id: string) {
      await tx
        .update(users)
        .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
        .where(eq(users.id, id))
    },

    /** Newest first; `q` matches e-mail or name, as typed (`%` and `_` mean themselves). */
    async list({ q, role, page, limit }: UserQuery & { page: number; limit: number }) {
      const pattern = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : undefined
      const query = db
        .select({ ...getTableColumns(users), ...withTotal })
        .from(users)
        .where(
          and(
            pattern ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined,
            role ? arrayContains(users.roles, [role]) : undefined,
          ),
        )
        .orderBy(desc(users.createdAt), asc(users.id))
      return readPage(query, { page, limit })
    },

    /** Whether any admin exists, under a lock that makes the first admin once across replicas. */
    async lockedAdminCheck(tx: Transaction): Promise<boolean> {
      await lockAdmins(tx)
      const [admin] = await tx.select({ id: users.id }).from(users).where(admins).limit(1)
      return !!admin
    },

    /** Whether an enabled admin other than `id` exists, under the same lock (two admins unmaking each other at once cannot leave none). */
    async lockedOtherAdmin(tx: Transaction, id: string): Promise<boolean> {
      await lockAdmins(tx)
      const [other] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(admins, enabled, ne(users.id, id)))
        .limit(1)
      return !!other
    },

    /** The opted-in, enabled and verified users after `after` (by id), and how many there are in all. */
    async optedIn(after: string | undefined, limit: number) {
      const rows = await db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(and(optedIn, after ? gt(users.id, after) : undefined))
        .orderBy(asc(users.id))
        .limit(limit)
      const [all] = await db.select({ total: count() }).from(users).where(optedIn)
      return { rows, total: all?.total ?? 0 }
    },
  }
}

export type UsersRepo = ReturnType<typeof createUsersRepo>
