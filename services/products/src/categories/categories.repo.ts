import { type PostgresJsDatabase, readPage, sqlStateOf, withTotal } from '@shopfront/kit'
import { and, asc, count, eq, getTableColumns, sql } from 'drizzle-orm'
import { categories, products } from '../db/schema.ts'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The ids of a category (by slug or id) and every category below it; empty when there is no such category. */
export async function categoryIdsUnder(db: PostgresJsDatabase, slugOrId: string): Promise<string[]> {
  const root = uuidPattern.test(slugOrId) ? eq(categories.id, slugOrId) : eq(categories.slug, slugOrId)
  const rows = await db.execute<{ id: string }>(sql`
    WITH RECURSIVE tree AS (
      SELECT id FROM ${categories} WHERE ${root}
      UNION ALL
      SELECT c.id FROM ${categories} c JOIN tree ON c.parent_id = tree.id
    )
    SELECT id FROM tree`)
  return rows.map((r) => r.id)
}

export interface CategoryInput {
  slug: string
  name: string
  parentId: string | null
}

const { createdAt: _, updatedAt: __, ...categoryColumns } = getTableColumns(categories)
export function createCategoriesRepo(db: PostgresJsDatabase) {
  // how many active products a category holds (its own, not its subcategories'); a
  // correlated subquery, built by drizzle so its columns are named with their tables
  const held = db
    .select({ n: count() })
    .from(products)
    .where(and(eq(products.categoryId, categories.id), eq(products.active, true)))
  const withCount = { ...categoryColumns, productCount: sql<number>`${held}`.mapWith(Number) }

  return {
    /** A category with its count of active products, or undefined. */
    async get(id: string) {
      const [row] = await db.select(withCount).from(categories).where(eq(categories.id, id))
      return row
    },
    /** The ids of a category and every category above it (empty when there is no such category). */
    async selfAndAncestors(id: string): Promise<string[]> {
      const rows = await db.execute<{ id: string }>(sql`
        WITH RECURSIVE up AS (SELECT id, parent_id FROM ${categories} WHERE ${categories.id} = ${id}
          UNION ALL SELECT c.id, c.parent_id FROM ${categories} c JOIN up ON c.id = up.parent_id)
        SELECT id FROM up`)
      return rows.map((r) => r.id)
    },
    async list(page: number, limit: number) {
      const query = db
        .select({ ...withCount, ...withTotal })
        .from(categories)
        .orderBy(asc(categories.name), asc(categories.id))
      return readPage(query, { page, limit })
    },
    /** A new category's id; undefined when its slug is taken. */
    async insert(input: CategoryInput): Promise<string | undefined> {
      const [row] = await db
        .insert(categories)
        .values(input)
        .onConflictDoNothing({ target: categories.slug })
        .returning({ id: categories.id })
      return row?.id
    },
    /** Changes what `input` holds; false when the new slug is taken (nothing changed). */
    async update(id: string, input: Partial<CategoryInput>): Promise<boolean> {
      try {
        await db
          .update(categories)
          .set({ slug: input.slug, name: input.name, parentId: input.parentId, updatedAt: sql`now()` })
          .where(eq(categories.id, id))
        return true
      } catch (err) {
        if (sqlStateOf(err) === '23505') return false
        throw err
      }
    },
    /** How many products (active or not) and subcategories a category holds. */
    async holdings(id: string) {
      const [[held], [children]] = await Promise.all([
        db.select({ n: count() }).from(products).where(eq(products.categoryId, id)),
        db.select({ n: count() }).from(categories).where(eq(categories.parentId, id)),
      ])
      return { products: held?.n ?? 0, children: children?.n ?? 0 }
    },
    async remove(id: string) {
      await db.delete(categories).where(eq(categories.id, id))
    },
  }
}

export type CategoriesRepo = ReturnType<typeof createCategoriesRepo>
