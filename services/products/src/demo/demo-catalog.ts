import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PostgresJsDatabase } from '@shopfront/kit'
import { sql } from 'drizzle-orm'
import * as z from 'zod'
import { catalogSeeds, categories, products, stockMovements } from '../db/schema.ts'

/**
 * Six categories, sixty-odd products with realistic names, prices (cents) and stock, a few
 * with accents to search for: the data in demo-catalog.json, checked as it is read.
 */
const demoCatalog = z.record(
  z.string().regex(/^[a-z0-9-]+$/),
  z.object({
    name: z.string().min(1),
    items: z.array(
      z.object({
        sku: z.string().min(1),
        name: z.string().min(1),
        price: z.number().int().positive(),
        stock: z.number().int().min(0),
        attributes: z.record(z.string(), z.string()),
        description: z.string(),
      }),
    ),
  }),
)
const catalog = demoCatalog.parse(JSON.parse(readFileSync(join(import.meta.dirname, 'demo-catalog.json'), 'utf8')))

/**
 * Loads the demo catalog once (it is remembered in catalog_seeds, so deleting the
 * products does not bring them back). Several instances starting together load it once.
 */
export async function loadDemoCatalog(db: PostgresJsDatabase): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(727275)`)
    const [fresh] = await tx
      .insert(catalogSeeds)
      .values({ name: 'demo-catalog' })
      .onConflictDoNothing()
      .returning({ name: catalogSeeds.name })
    if (!fresh) return false
    for (const [slug, { name, items }] of Object.entries(catalog)) {
      const [category] = await tx
        .insert(categories)
        .values({ slug, name })
        .onConflictDoUpdate({ target: categories.slug, set: { name } })
        .returning({ id: categories.id })
      for (const { sku, name: productName, price, stock, attributes, description } of items) {
        const [product] = await tx
          .insert(products)
          .values({
            sku,
            name: productName,
            description,
            priceAmount: price,
            currency: 'USD',
            attributes,
            categoryId: category?.id,
            onHand: stock,
          })
          .onConflictDoNothing({ target: products.sku })
          .returning({ id: products.id })
        if (product && stock > 0)
          await tx.insert(stockMovements).values({
            productId: product.id,
            delta: stock,
            reason: 'demo catalog',
            actor: 'system',
            onHandAfter: stock,
          })
      }
    }
    return true
  })
}

export const demoProductCount = Object.values(catalog).reduce((n, c) => n + c.items.length, 0)
