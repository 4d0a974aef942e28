import { AppError, type PostgresJsDatabase } from '@shopfront/kit'
import { eq, inArray, sql } from 'drizzle-orm'
import { categories, products, stockMovements } from '../db/schema.ts'
import { detailColumns } from './product-columns.ts'
import type { ImportedProduct } from './products.schemas.ts'

type Problem = { path: string; message: string }
const rowOf = (path: string) => Number(/^products\.(\d+)\./.exec(path)?.[1] ?? 0)
/** Why the stock changes (the movements' reason), by whom, whether only to check (`dryRun`), and problems found before (a picture not uploaded here). */
export type ImportOptions = { reason: string; actor: string; dryRun?: boolean | undefined; problems?: Problem[] }

/**
 * Imports products by SKU in one transaction: a new SKU is created, a known one changed
 * (only the fields given), and where `stock` differs from what is on hand the difference is
 * a stock movement (`reason`, by `actor`). Every row is checked before anything is written:
 * an unknown category, stock below what checkouts hold, or a picture not uploaded here
 * (found by the caller), is a 422 naming each such row, and nothing changes. Known products
 * are locked while they change, so a checkout's reservation cannot slip under a new stock
 * figure. `dryRun`: checked the same way, and nothing written; the counts say what an
 * import now would do.
 */
export async function importProducts(
  db: PostgresJsDatabase,
  rows: ImportedProduct[],
  { reason, actor, dryRun = false, problems: earlier = [] }: ImportOptions,
) {
  return db.transaction(async (tx) => {
    const slugs = [...new Set(rows.flatMap((r) => r.category ?? []))]
    const found = slugs.length
      ? await tx
          .select({ id: categories.id, slug: categories.slug })
          .from(categories)
          .where(inArray(categories.slug, slugs))
      : []
    const categoryOf = new Map(found.map((c) => [c.slug, c.id]))
    const known = await tx
      .select({ id: products.id, sku: products.sku, onHand: products.onHand, reserved: products.reserved })
      .from(products)
      .where(
        inArray(
          products.sku,
          rows.map((r) => r.sku),
        ),
      )
      .for('update')
    const bySku = new Map(known.map((p) => [p.sku, p]))

    const problems: Problem[] = [...earlier]
    rows.forEach((row, i) => {
      if (row.category && !categoryOf.has(row.category))
        problems.push({ path: `products.${i}.category`, message: `no category ${row.category}` })
      const held = bySku.get(row.sku)?.reserved ?? 0
      if (row.stock !== undefined && row.stock < held)
        problems.push({ path: `products.${i}.stock`, message: `${held} are held by checkouts under way` })
    })
    problems.sort((a, b) => rowOf(a.path) - rowOf(b.path))
    if (problems.length)
      throw new AppError('unprocessable', `${problems.length} problem(s) in the products; nothing was imported.`, {
        errors: problems,
      })

    const fresh = rows.filter((r) => !bySku.has(r.sku))
    if (dryRun) return { created: fresh.length, updated: rows.length - fresh.length }

    const categoryId = (row: ImportedProduct) =>
      row.category === undefined ? undefined : row.category === null ? null : (categoryOf.get(row.category) ?? null)
    const made = fresh.length
      ? await tx
          .insert(products)
          .values(
            fresh.map((r) => ({
              ...detailColumns({
                ...r,
                description: r.description ?? '',
                images: r.images ?? [],
                attributes: r.attributes ?? {},
                active: r.active ?? true,
              }),
              sku: r.sku,
              name: r.name,
              priceAmount: r.price.amount,
              currency: r.price.currency,
              categoryId: categoryId(r) ?? null,
              onHand: r.stock ?? 0,
            })),
          )
          .onConflictDoNothing({ target: products.sku })
          .returning({ id: products.id, onHand: products.onHand })
      : []
    // another import or an admin made one of these SKUs since they were looked up
    if (made.length < fresh.length)
      throw new AppError('conflict', 'Some of these SKUs were created meanwhile; nothing was imported. Try again.')
    const movements = made
      .filter((p) => p.onHand > 0)
      .map((p) => ({ productId: p.id, delta: p.onHand, onHandAfter: p.onHand }))

    for (const row of rows) {
      const current = bySku.get(row.sku)
      if (!current) continue
      await tx
        .update(products)
        .set({ ...detailColumns(row), categoryId: categoryId(row), onHand: row.stock, updatedAt: sql`now()` })
        .where(eq(products.id, current.id))
      if (row.stock !== undefined && row.stock !== current.onHand)
        movements.push({ productId: current.id, delta: row.stock - current.onHand, onHandAfter: row.stock })
    }
    if (movements.length) await tx.insert(stockMovements).values(movements.map((m) => ({ ...m, reason, actor })))
    return { created: made.length, updated: rows.length - made.length }
  })
}
