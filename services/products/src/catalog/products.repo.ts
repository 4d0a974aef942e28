import type { PendingQuery, Row, Sql } from 'postgres'

import { AppError, pageWindow, totalColumn, totalOf } from '@shopfront/kit'
import { categoryIdsUnder } from '../categories/categories.repo.ts'
import { type Facets, priceBands } from '../contract.ts'
import type { CreateProduct, SearchQuery, UpdateProduct } from './products.schemas.ts'

const columns = (sql: Sql) => sql`
  p.id, p.sku, p.name, p.description, p.price_amount, p.currency, p.images, p.attributes, p.category_id,
  p.active, p.on_hand, p.reserved, p.created_at, p.updated_at, c.slug AS category_slug, c.name AS category_name`

/**
 * Catalog data access. Search is Postgres full text (web-search syntax, accent-insensitive,
 * name weighted over description over attribute values) with filters, sorting and paging.
 */
export function createProductsRepo(sql: Sql) {
  async function byId(id: string, { includeInactive = false } = {}) {
    const [row] = await sql`
      SELECT ${columns(sql)} FROM products p LEFT JOIN categories c ON c.id = p.category_id
      WHERE p.id = ${id} ${includeInactive ? sql`` : sql`AND p.active`}`
    return row
  }

  async function mustGet(id: string, options?: { includeInactive?: boolean }) {
    const row = await byId(id, options)
    if (!row) throw new AppError('not_found', `No product ${id}.`)
    return row
  }

  async function assertCategory(categoryId: string | null | undefined) {
    if (!categoryId) return
    const [found] = await sql`SELECT 1 FROM categories WHERE id = ${categoryId}`
    if (!found)
      throw new AppError('unprocessable', `No category ${categoryId}.`, {
        errors: [{ path: 'categoryId', message: 'unknown category' }],
      })
  }

  // the category tree the facets name and roll up to, read at most every 5 s (a search
  // is the hot path; a renamed or new category shows in facets within seconds)
  type CategoryNode = { id: string; slug: string; name: string; parent_id: string | null }
  let tree: { at: number; rows: Promise<CategoryNode[]> } | undefined
  const categoryTree = () => {
    if (!tree || Date.now() - tree.at > 5000) {
      const rows = sql<CategoryNode[]>`SELECT id, slug, name, parent_id FROM categories`.then((r) => [...r])
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
    base: PendingQuery<Row[]>,
    only: { price: PendingQuery<Row[]>; inStock: PendingQuery<Row[]> },
    categoryIds: string[] | undefined,
  ): Promise<{ facets: Facets; total: number }> {
    const bands = priceBands.map(
      (b, i) =>
        sql`, count(*) FILTER (WHERE true ${only.inStock} AND p.price_amount >= ${b.min} ${b.max === null ? sql`` : sql`AND p.price_amount <= ${b.max}`})::int AS ${sql(`b${i}`)}`,
    )
    const [groups, categories] = await Promise.all([
      sql<({ category_id: string | null; matches: number; in_stock: number } & Record<string, number>)[]>`
        SELECT p.category_id,
          count(*) FILTER (WHERE true ${only.price} ${only.inStock})::int AS matches,
          count(*) FILTER (WHERE true ${only.price} AND p.on_hand - p.reserved > 0)::int AS in_stock
          ${bands}
        FROM products p WHERE true ${base} GROUP BY p.category_id`,
      categoryTree(),
    ])
    const selected = categoryIds && new Set(categoryIds)
    const chosen = groups.filter((g) => !selected || (g.category_id !== null && selected.has(g.category_id)))
    const sum = (pick: (g: (typeof groups)[number]) => number) => chosen.reduce((n, g) => n + pick(g), 0)
    // a category counts its subcategories' products too
    const byId = new Map(categories.map((c) => [c.id, c]))
    const perCategory = new Map<string, number>()
    for (const g of groups) {
      for (
        let c = g.category_id ? byId.get(g.category_id) : undefined;
        c;
        c = c.parent_id ? byId.get(c.parent_id) : undefined
      )
        perCategory.set(c.id, (perCategory.get(c.id) ?? 0) + g.matches)
    }
    return {
      total: sum((g) => g.matches),
      facets: {
        categories: categories
          .filter((c) => (perCategory.get(c.id) ?? 0) > 0)
          .map((c) => ({ slug: c.slug, name: c.name, count: perCategory.get(c.id)! }))
          .sort((x, y) => x.name.localeCompare(y.name)),
        priceBands: priceBands.map((b, i) => ({ min: b.min, max: b.max, count: sum((g) => g[`b${i}`] ?? 0) })),
        inStock: sum((g) => g.in_stock),
      },
    }
  }

  return {
    byId,
    mustGet,

    async search(query: SearchQuery, { admin = false } = {}) {
      const attributes = Object.fromEntries(
        Object.entries(query)
          .filter(([k]) => k.startsWith('attr.'))
          .map(([k, v]) => [k.slice(5), v]),
      )
      const categories = query.category ? await categoryIdsUnder(sql, query.category) : undefined
      if (categories && categories.length === 0) {
        throw new AppError('validation', `No category ${query.category}.`, {
          errors: [{ path: 'category', message: 'unknown category' }],
        })
      }
      const text = query.q ? sql`websearch_to_tsquery('english', catalog_unaccent(${query.q}))` : undefined
      const sort = query.sort ?? (text ? 'relevance' : 'newest')
      const order = {
        relevance: text ? sql`ts_rank_cd(p.search, ${text}) DESC, p.created_at DESC` : sql`p.created_at DESC`,
        price_asc: sql`p.price_amount ASC`,
        price_desc: sql`p.price_amount DESC`,
        newest: sql`p.created_at DESC`,
      }[sort]
      const none = sql``
      // each filter apart, so a facet can be counted without its own
      const filters = {
        base: sql`
          ${admin && query.active !== undefined ? sql`AND p.active = ${query.active}` : admin && query.includeInactive ? none : sql`AND p.active`}
          ${text ? sql`AND (numnode(${text}) = 0 OR p.search @@ ${text})` : none}
          ${Object.keys(attributes).length ? sql`AND p.attributes @> ${sql.json(attributes)}::jsonb` : none}
          ${query.maxAvailable !== undefined ? sql`AND p.on_hand - p.reserved <= ${query.maxAvailable}` : none}`,
        category: categories ? sql`AND p.category_id IN ${sql(categories)}` : none,
        price: sql`
          ${query.minPrice !== undefined ? sql`AND p.price_amount >= ${query.minPrice}` : none}
          ${query.maxPrice !== undefined ? sql`AND p.price_amount <= ${query.maxPrice}` : none}`,
        inStock:
          query.inStock === true
            ? sql`AND p.on_hand - p.reserved > 0`
            : query.inStock === false
              ? sql`AND p.on_hand - p.reserved <= 0`
              : none,
      }
      const where = sql`WHERE true ${filters.base} ${filters.category} ${filters.price} ${filters.inStock}`
      const page = sql`
        SELECT ${columns(sql)} FROM products p LEFT JOIN categories c ON c.id = p.category_id
        ${where}
        ORDER BY ${order}, p.id
        LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`
      // the page and the total (with the facets, one grouped pass) in parallel: a window
      // count would make every match be read to sort a page
      if (query.facets) {
        const [rows, { facets, total }] = await Promise.all([page, countFacets(filters.base, filters, categories)])
        return { rows, total, facets }
      }
      const [rows, [count]] = await Promise.all([page, sql`SELECT count(*)::int AS total FROM products p ${where}`])
      return { rows, total: count!.total as number, facets: undefined }
    },

    /**
     * Active products whose words start with each word typed (accents and case ignored;
     * "caf cr" finds "Café Crème"), best match first. English stemming applies to the
     * typed words as to the catalog's, so a whole word still matches its stem.
     */
    async suggest(q: string, limit: number) {
      const words = (
        q
          .normalize('NFD')
          .replace(/\p{Diacritic}/gu, '')
          .toLowerCase()
          .match(/[a-z0-9]+/g) ?? []
      ).slice(0, 5)
      if (words.length === 0) return []
      const query = sql`to_tsquery('english', ${words.map((w) => `${w}:*`).join(' & ')})`
      return sql<{ id: string; name: string }[]>`
        SELECT id, name FROM products WHERE active AND search @@ ${query}
        ORDER BY ts_rank_cd(search, ${query}) DESC, name LIMIT ${limit}`
    },

    async create(body: CreateProduct, actor: string) {
      await assertCategory(body.categoryId)
      const id = await sql.begin(async (tx) => {
        const [row] = await tx`
          INSERT INTO products (sku, name, description, price_amount, currency, images, attributes, category_id, active, on_hand)
          VALUES (${body.sku}, ${body.name}, ${body.description}, ${body.price.amount}, ${body.price.currency},
                  ${tx.json(body.images)}, ${tx.json(body.attributes)}, ${body.categoryId}, ${body.active}, ${body.stock})
          ON CONFLICT (sku) DO NOTHING
          RETURNING id`
        if (!row)
          throw new AppError('conflict', `A product with SKU ${body.sku} already exists.`, {
            errors: [{ path: 'sku', message: 'already used' }],
          })
        if (body.stock > 0) {
          await tx`INSERT INTO stock_movements (product_id, delta, reason, actor, on_hand_after) VALUES (${row.id}, ${body.stock}, 'initial stock', ${actor}, ${body.stock})`
        }
        return row.id as string
      })
      return mustGet(id, { includeInactive: true })
    },

    async update(id: string, body: UpdateProduct) {
      await assertCategory(body.categoryId)
      const set: Record<string, unknown> = {}
      if (body.name !== undefined) set.name = body.name
      if (body.description !== undefined) set.description = body.description
      if (body.price !== undefined)
        Object.assign(set, { price_amount: body.price.amount, currency: body.price.currency })
      if (body.images !== undefined) set.images = sql.json(body.images)
      if (body.attributes !== undefined) set.attributes = sql.json(body.attributes)
      if (body.categoryId !== undefined) set.category_id = body.categoryId
      if (body.active !== undefined) set.active = body.active
      const [row] = await sql`UPDATE products SET ${sql(set)}, updated_at = now() WHERE id = ${id} RETURNING id`
      if (!row) throw new AppError('not_found', `No product ${id}.`)
      return mustGet(id, { includeInactive: true })
    },

    async deactivate(id: string) {
      const [row] = await sql`UPDATE products SET active = false, updated_at = now() WHERE id = ${id} RETURNING id`
      if (!row) throw new AppError('not_found', `No product ${id}.`)
    },

    /** Changes stock on hand and records who and why; it can never go below what is reserved. */
    async adjustStock(id: string, delta: number, reason: string, actor: string) {
      await sql.begin(async (tx) => {
        const [row] = await tx`
          UPDATE products SET on_hand = on_hand + ${delta}, updated_at = now()
          WHERE id = ${id} AND on_hand + ${delta} >= reserved
          RETURNING on_hand`
        if (!row) {
          const [current] = await tx`SELECT on_hand, reserved FROM products WHERE id = ${id}`
          if (!current) throw new AppError('not_found', `No product ${id}.`)
          throw new AppError(
            'conflict',
            `Stock cannot go to ${current.on_hand + delta}: ${current.reserved} units are reserved and ${current.on_hand} on hand.`,
          )
        }
        await tx`INSERT INTO stock_movements (product_id, delta, reason, actor, on_hand_after) VALUES (${id}, ${delta}, ${reason}, ${actor}, ${row.on_hand})`
      })
      return mustGet(id, { includeInactive: true })
    },

    async movements(id: string, page: number, limit: number) {
      await mustGet(id, { includeInactive: true })
      const rows = await sql`
        SELECT id, delta, reason, actor, on_hand_after, created_at, ${totalColumn(sql)}
        FROM stock_movements WHERE product_id = ${id} ORDER BY id DESC ${pageWindow(sql, { page, limit })}`
      return { rows, total: totalOf(rows) }
    },

    /** Several products at once, inactive ones included (a cart must learn that a product went away). */
    async lookup(ids: string[]) {
      if (ids.length === 0) return []
      return sql`SELECT ${columns(sql)} FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.id IN ${sql(ids)}`
    },
  }
}

export type ProductsRepo = ReturnType<typeof createProductsRepo>
