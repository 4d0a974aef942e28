import type { Sql } from 'postgres'
import { AppError, pageWindow, totalColumn, totalOf } from '@shopfront/kit'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The ids of a category (by slug or id) and every category below it; empty when there is no such category. */
export async function categoryIdsUnder(sql: Sql, slugOrId: string): Promise<string[]> {
  const rows = await sql`
    WITH RECURSIVE tree AS (
      SELECT id FROM categories WHERE ${uuidPattern.test(slugOrId) ? sql`id = ${slugOrId}` : sql`slug = ${slugOrId}`}
      UNION ALL
      SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
    )
    SELECT id FROM tree`
  return rows.map((r) => r.id as string)
}

export interface CategoryInput {
  slug: string
  name: string
  parentId: string | null
}

export function createCategoriesRepo(sql: Sql) {
  const view = (r: Record<string, any>) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    parentId: r.parent_id,
    productCount: Number(r.product_count ?? 0),
  })

  async function mustGet(id: string) {
    const [row] = await sql`
      SELECT c.*, (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.active) AS product_count
      FROM categories c WHERE c.id = ${id}`
    if (!row) throw new AppError('not_found', `No category ${id}.`)
    return view(row)
  }

  async function assertParent(id: string, parentId: string | null) {
    if (!parentId) return
    const ancestors = await sql`
      WITH RECURSIVE up AS (SELECT id, parent_id FROM categories WHERE id = ${parentId}
        UNION ALL SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)
      SELECT id FROM up`
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
      const rows = await sql`
        SELECT c.*, (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.active) AS product_count, ${totalColumn(sql)}
        FROM categories c ORDER BY c.name, c.id ${pageWindow(sql, { page, limit })}`
      return { items: rows.map(view), total: totalOf(rows) }
    },
    async create(input: CategoryInput) {
      await assertParent('', input.parentId)
      const [row] = await sql`
        INSERT INTO categories (slug, name, parent_id) VALUES (${input.slug}, ${input.name}, ${input.parentId})
        ON CONFLICT (slug) DO NOTHING RETURNING id`
      if (!row)
        throw new AppError('conflict', `The slug ${input.slug} is already used.`, {
          errors: [{ path: 'slug', message: 'already used' }],
        })
      return mustGet(row.id)
    },
    async update(id: string, input: Partial<CategoryInput>) {
      await mustGet(id)
      if (input.parentId !== undefined) await assertParent(id, input.parentId)
      const set: Record<string, unknown> = {}
      if (input.slug !== undefined) set.slug = input.slug
      if (input.name !== undefined) set.name = input.name
      if (input.parentId !== undefined) set.parent_id = input.parentId
      try {
        await sql`UPDATE categories SET ${sql(set)}, updated_at = now() WHERE id = ${id}`
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw new AppError('conflict', `The slug ${input.slug} is already used.`)
        throw err
      }
      return mustGet(id)
    },
    async remove(id: string) {
      await mustGet(id)
      const [used] = await sql`
        SELECT (SELECT count(*) FROM products WHERE category_id = ${id}) AS products, (SELECT count(*) FROM categories WHERE parent_id = ${id}) AS children`
      if (Number(used!.products) || Number(used!.children)) {
        throw new AppError(
          'conflict',
          `The category still has ${used!.products} products and ${used!.children} subcategories; move them first.`,
        )
      }
      await sql`DELETE FROM categories WHERE id = ${id}`
    },
  }
}
