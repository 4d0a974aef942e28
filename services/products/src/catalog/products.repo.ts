import { AppError, onPage, type PostgresJsDatabase, readPage, withTotal } from '@shopfront/kit'
import { and, asc, count, desc, eq, getTableColumns, gte, inArray, lte, sql } from 'drizzle-orm'
import { categoryIdsUnder } from '../categories/categories.repo.ts'
import { categories, products, stockMovements } from '../db/schema.ts'
import { available, createFacets } from './facets.ts'
import { type ImportOptions, importProducts } from './catalog-import.ts'
import { detailColumns } from './product-columns.ts'
import type { CreateProduct, ImportedProduct, SearchQuery, UpdateProduct } from './products.schemas.ts'
import { searchWords, textQuery } from './search-text.ts'

const { search: _vector, ...productColumns } = getTableColumns(products)
/** A product with its category's slug and name: what the API's view is made from. */
const columns = { ...productColumns, categorySlug: categories.slug, categoryName: categories.name }
export type ProductRow = Awaited<ReturnType<ReturnType<typeof selectProducts>['execute']>>[number]

const selectProducts = (db: PostgresJsDatabase) =>
  db.select(columns).from(products).leftJoin(categories, eq(categories.id, products.categoryId))

/**
 * Catalog data access. Search is Postgres full text (web-search syntax, accent-insensitive,
 * name weighted over description over attribute values) with filters, sorting and paging.
 */
export function createProductsRepo(db: PostgresJsDatabase) {
  async function byId(id: string, { includeInactive = false } = {}): Promise<ProductRow | undefined> {
    const [row] = await selectProducts(db).where(
      and(eq(products.id, id), includeInactive ? undefined : eq(products.active, true)),
    )
    return row
  }

  async function mustGet(id: string, options?: { includeInactive?: boolean }) {
    const row = await byId(id, options)
    if (!row) throw new AppError('not_found', `No product ${id}.`)
    return row
  }

  async function assertCategory(categoryId: string | null | undefined) {
    if (!categoryId) return
    const [found] = await db.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId))
    if (!found)
      throw new AppError('unprocessable', `No category ${categoryId}.`, {
        errors: [{ path: 'categoryId', message: 'unknown category' }],
      })
  }

  const countFacets = createFacets(db)

  return {
    byId,
    mustGet,

    async search(query: SearchQuery, { admin = false } = {}) {
      const attributes = Object.fromEntries(
        Object.entries(query)
          .filter(([k]) => k.startsWith('attr.'))
          .map(([k, v]) => [k.slice(5), v]),
      )
      const categoryIds = query.category ? await categoryIdsUnder(db, query.category) : undefined
      if (categoryIds && categoryIds.length === 0) {
        throw new AppError('validation', `No category ${query.category}.`, {
          errors: [{ path: 'category', message: 'unknown category' }],
        })
      }
      const text = query.q ? textQuery(query.q) : undefined
      const sort = query.sort ?? (text ? 'relevance' : 'newest')
      const newest = desc(products.createdAt)
      const order = {
        relevance: text ? [sql`ts_rank_cd(${products.search}, ${text}) DESC`, newest] : [newest],
        price_asc: [asc(products.priceAmount)],
        price_desc: [desc(products.priceAmount)],
        newest: [newest],
      }[sort]
      // each filter apart, so a facet can be counted without its own
      const filters = {
        base: and(
          admin && query.active !== undefined
            ? eq(products.active, query.active)
            : admin && query.includeInactive
              ? undefined
              : eq(products.active, true),
          text ? sql`(numnode(${text}) = 0 OR ${products.search} @@ ${text})` : undefined,
          Object.keys(attributes).length ? sql`${products.attributes} @> ${attributes}::jsonb` : undefined,
          query.maxAvailable !== undefined ? sql`${available} <= ${query.maxAvailable}` : undefined,
        ),
        category: categoryIds ? inArray(products.categoryId, categoryIds) : undefined,
        price: and(
          query.minPrice !== undefined ? gte(products.priceAmount, query.minPrice) : undefined,
          query.maxPrice !== undefined ? lte(products.priceAmount, query.maxPrice) : undefined,
        ),
        inStock:
          query.inStock === true ? sql`${available} > 0` : query.inStock === false ? sql`${available} <= 0` : undefined,
      }
      const where = and(filters.base, filters.category, filters.price, filters.inStock)
      const page = onPage(
        selectProducts(db)
          .where(where)
          .orderBy(...order, asc(products.id))
          .$dynamic(),
        query,
      )
      // the page and the total (with the facets, one grouped pass) in parallel: a window
      // count would make every match be read to sort a page
      if (query.facets) {
        const [rows, { facets, total }] = await Promise.all([page, countFacets(filters.base, filters, categoryIds)])
        return { rows, total, facets }
      }
      const [rows, [counted]] = await Promise.all([page, db.select({ total: count() }).from(products).where(where)])
      return { rows, total: counted?.total ?? 0, facets: undefined }
    },

    /**
     * Active products whose words start with each word typed (accents and case ignored;
     * "caf cr" finds "Café Crème"), best match first. English stemming applies to the
     * typed words as to the catalog's, so a whole word still matches its stem.
     */
    async suggest(q: string, limit: number) {
      const words = searchWords(q).slice(0, 5)
      if (words.length === 0) return []
      const query = sql`to_tsquery('english', ${words.map((w) => `${w}:*`).join(' & ')})`
      return db
        .select({ id: products.id, name: products.name })
        .from(products)
        .where(and(eq(products.active, true), sql`${products.search} @@ ${query}`))
        .orderBy(sql`ts_rank_cd(${products.search}, ${query}) DESC`, asc(products.name))
        .limit(limit)
    },

    async create(body: CreateProduct, actor: string) {
      await assertCategory(body.categoryId)
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(products)
          .values({
            ...detailColumns(body),
            sku: body.sku,
            name: body.name,
            priceAmount: body.price.amount,
            currency: body.price.currency,
            categoryId: body.categoryId,
            onHand: body.stock,
          })
          .onConflictDoNothing({ target: products.sku })
          .returning({ id: products.id })
        if (!row)
          throw new AppError('conflict', `A product with SKU ${body.sku} already exists.`, {
            errors: [{ path: 'sku', message: 'already used' }],
          })
        if (body.stock > 0)
          await tx.insert(stockMovements).values({
            productId: row.id,
            delta: body.stock,
            reason: 'initial stock',
            actor,
            onHandAfter: body.stock,
          })
        return row.id
      })
      return mustGet(id, { includeInactive: true })
    },

    async update(id: string, body: UpdateProduct) {
      await assertCategory(body.categoryId)
      const [row] = await db
        .update(products)
        .set({ ...detailColumns(body), categoryId: body.categoryId, updatedAt: sql`now()` })
        .where(eq(products.id, id))
        .returning({ id: products.id })
      if (!row) throw new AppError('not_found', `No product ${id}.`)
      return mustGet(id, { includeInactive: true })
    },

    async deactivate(id: string) {
      const [row] = await db
        .update(products)
        .set({ active: false, updatedAt: sql`now()` })
        .where(eq(products.id, id))
        .returning({ id: products.id })
      if (!row) throw new AppError('not_found', `No product ${id}.`)
    },

    /** Changes stock on hand and records who and why; it can never go below what is reserved. */
    async adjustStock(id: string, delta: number, reason: string, actor: string) {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(products)
          .set({ onHand: sql`${products.onHand} + ${delta}`, updatedAt: sql`now()` })
          .where(and(eq(products.id, id), sql`${products.onHand} + ${delta} >= ${products.reserved}`))
          .returning({ onHand: products.onHand })
        if (!row) {
          const [current] = await tx
            .select({ onHand: products.onHand, reserved: products.reserved })
            .from(products)
            .where(eq(products.id, id))
          if (!current) throw new AppError('not_found', `No product ${id}.`)
          throw new AppError(
            'conflict',
            `Stock cannot go to ${current.onHand + delta}: ${current.reserved} units are reserved and ${current.onHand} on hand.`,
          )
        }
        await tx.insert(stockMovements).values({ productId: id, delta, reason, actor, onHandAfter: row.onHand })
      })
      return mustGet(id, { includeInactive: true })
    },

    async movements(id: string, page: number, limit: number) {
      await mustGet(id, { includeInactive: true })
      const { productId: _, ...movement } = getTableColumns(stockMovements)
      const query = db
        .select({ ...movement, ...withTotal })
        .from(stockMovements)
        .where(eq(stockMovements.productId, id))
        .orderBy(desc(stockMovements.id))
      return readPage(query, { page, limit })
    },

    /** Products by SKU, all or none (`importProducts`). */
    import: (rows: ImportedProduct[], options: ImportOptions) => importProducts(db, rows, options),

    /** Several products at once, inactive ones included (a cart must learn that a product went away). */
    async lookup(ids: string[]) {
      if (ids.length === 0) return []
      return selectProducts(db).where(inArray(products.id, ids))
    },
  }
}

export type ProductsRepo = ReturnType<typeof createProductsRepo>
