import type { PostgresJsDatabase } from '@shopfront/kit'
import { and, gte, lte, type SQL, sql } from 'drizzle-orm'
import { type Facets, priceBands } from '../contract.ts'
import { categories, products } from '../db/schema.ts'

/** A product's units not held by reservations. */
export const available = sql`${products.onHand} - ${products.reserved}`
/** The conditions, ANDed; `true` for none (inside a FILTER clause). */
const allOf = (...conditions: (SQL | undefined)[]) => and(...conditions) ?? sql`true`
const countWhere = (...conditions: (SQL | undefined)[]) =>
  sql<number>`count(*) FILTER (WHERE ${allOf(...conditions)})`.mapWith(Number)

/** The catalog search's facets (see the contract's `facets`): counts by category, price band and stock. */
export function createFacets(db: PostgresJsDatabase) {
  // the category tree the facets name and roll up to, read at most every 5 s (a search
  // is the hot path; a renamed or new category shows in facets within seconds)
  type CategoryNode = { id: string; slug: string; name: string; parentId: string | null }
  let tree: { at: number; rows: Promise<CategoryNode[]> } | undefined
  const categoryTree = () => {
    if (!tree || Date.now() - tree.at > 5000) {
      const rows = db
        .select({ id: categories.id, slug: categories.slug, name: categories.name, parentId: categories.parentId })
        .from(categories)
        .execute()
      tree = { at: Date.now(), rows }
      rows.catch(() => {
        tree = undefined
      })
    }
    return tree.rows
  }

  /**
   * The facets of a search (see the contract's `facets`) and its total, from one pass over
   * the products the search's other filters (text, attributes, active) let through, grouped
   * by category: each count applies every filter but its own.
   */
  async function countFacets(
    base: SQL | undefined,
    only: { price: SQL | undefined; inStock: SQL | undefined },
    categoryIds: string[] | undefined,
  ): Promise<{ facets: Facets; total: number }> {
    const bands = priceBands.map((b) =>
      countWhere(
        only.inStock,
        gte(products.priceAmount, b.min),
        b.max === null ? undefined : lte(products.priceAmount, b.max),
      ),
    )
    const [groups, tree] = await Promise.all([
      db
        .select({
          categoryId: products.categoryId,
          matches: countWhere(only.price, only.inStock),
          inStock: countWhere(only.price, sql`${available} > 0`),
          bands: sql<number[]>`array[${sql.join(bands, sql`, `)}]`,
        })
        .from(products)
        .where(base)
        .groupBy(products.categoryId),
      categoryTree(),
    ])
    const selected = categoryIds && new Set(categoryIds)
    const chosen = groups.filter((g) => !selected || (g.categoryId !== null && selected.has(g.categoryId)))
    const sum = (pick: (g: (typeof groups)[number]) => number) => chosen.reduce((n, g) => n + pick(g), 0)
    // a category counts its subcategories' products too
    const byId = new Map(tree.map((c) => [c.id, c]))
    const perCategory = new Map<string, number>()
    for (const g of groups) {
      for (
        let c = g.categoryId ? byId.get(g.categoryId) : undefined;
        c;
        c = c.parentId ? byId.get(c.parentId) : undefined
      )
        perCategory.set(c.id, (perCategory.get(c.id) ?? 0) + g.matches)
    }
    return {
      total: sum((g) => g.matches),
      facets: {
        categories: tree
          .map((c) => ({ slug: c.slug, name: c.name, count: perCategory.get(c.id) ?? 0 }))
          .filter((c) => c.count > 0)
          .sort((x, y) => x.name.localeCompare(y.name)),
        priceBands: priceBands.map((b, i) => ({ min: b.min, max: b.max, count: sum((g) => Number(g.bands[i] ?? 0)) })),
        inStock: sum((g) => g.inStock),
      },
    }
  }

  return countFacets
}
