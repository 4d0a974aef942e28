import { AppError, onPage, paged, type PostgresJsDatabase, sqlStateOf, withTotal } from '@shopfront/kit'
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

  async function mustGet(id: string) {
    const [row] = await db.select(withCount).from(categories).where(eq(categories.id, id))
    if (!row) throw new AppError('not_found', `No category ${id}.`)
    return row
  }

  async function assertParent(id: string, parentId: string | null) {
    if (!parentId) return
    const ancestors = await db.execute<{ id: string }>(sql`
      WITH RECURSIVE up AS (SELECT id, parent_id FROM ${categories} WHERE ${categories.id} = ${parentId}
        UNION ALL SELECT c.id, c.parent_id FROM ${categories} c JOIN up ON c.id = up.parent_id)
      SELECT id FROM up`)
    if (ancestors.length === 0)
      throw new AppError('unprocessable', `No category ${parentId}.`, {
        errors: [{ path: 'parentId', message: 'unknown category' }],
      })
    if (ancestors.some((a) => a.id === id))
      throw new AppError('conflict', 'A category cannot be placed under itself or its own children.')
  }

  return {
    mustGet,
    async list(page: number, limit: number) {
      const query = db
        .select({ ...withCount, ...withTotal })
        .from(categories)
        .orderBy(asc(categories.name), asc(categories.id))
      return paged(await onPage(query.$dynamic(), { page, limit }))
    },
    async create(input: CategoryInput) {
      await assertParent('', input.parentId)
      const [row] = await db
        .insert(categories)
        .values(input)
        .onConflictDoNothing({ target: categories.slug })
        .returning({ id: categories.id })
      if (!row)
        throw new AppError('conflict', `The slug ${input.slug} is already used.`, {
          errors: [{ path: 'slug', message: 'already used' }],
        })
      return mustGet(row.id)
    },
    async update(id: string, input: Partial<CategoryInput>) {
      await mustGet(id)
      if (input.parentId !== undefined) await assertParent(id, input.parentId)
      try {
        await db
          .update(categories)
          .set({ slug: input.slug, name: input.name, parentId: input.parentId, updatedAt: sql`now()` })
          .where(eq(categories.id, id))
      } catch (err) {
        if (sqlStateOf(err) === '23505') throw new AppError('conflict', `The slug ${input.slug} is already used.`)
        throw err
      }
      return mustGet(id)
    },
    async remove(id: string) {
      await mustGet(id)
      const [[held], [children]] = await Promise.all([
        db.select({ n: count() }).from(products).where(eq(products.categoryId, id)),
        db.select({ n: count() }).from(categories).where(eq(categories.parentId, id)),
      ])
      const used = { products: held?.n ?? 0, children: children?.n ?? 0 }
      if (used.products || used.children) {
        throw new AppError(
          'conflict',
          `The category still has ${used.products} products and ${used.children} subcategories; move them first.`,
        )
      }
      await db.delete(categories).where(eq(categories.id, id))
    },
  }
}
