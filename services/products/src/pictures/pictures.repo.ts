import type { PostgresJsDatabase } from '@shopfront/kit'
import { and, eq, inArray, isNull, lt, notExists, sql } from 'drizzle-orm'
import { picturesPath } from '../contract.ts'
import { pictures, products } from '../db/schema.ts'
import type { PreparedPicture } from './prepare.ts'

export type PictureSize = 'large' | 'medium' | 'small'

/** Pictures uploaded in the back office: kept by their content's name, read by size, swept when no product names them. */
export function createPicturesRepo(db: PostgresJsDatabase) {
  return {
    /**
     * Keeps a prepared picture; the same picture uploaded again is the one already kept, as
     * new: the sweep's days count from then (a form it is about to go on is being filled in).
     */
    async save(picture: PreparedPicture) {
      await db
        .insert(pictures)
        .values(picture)
        .onConflictDoUpdate({ target: pictures.id, set: { createdAt: sql`now()` } })
    },

    /** A picture's bytes in a size (the large one for a medium one uploaded before those were made); none when there is no such picture. */
    async read(id: string, size: PictureSize): Promise<Uint8Array | undefined> {
      const bytes = {
        large: pictures.large,
        medium: sql<Uint8Array>`coalesce(${pictures.medium}, ${pictures.large})`,
        small: pictures.small,
      }[size]
      const [row] = await db.select({ bytes }).from(pictures).where(eq(pictures.id, id))
      return row?.bytes
    },

    /** Up to `limit` pictures uploaded before medium sizes were made, with their large bytes. */
    withoutMedium: (limit: number) =>
      db.select({ id: pictures.id, large: pictures.large }).from(pictures).where(isNull(pictures.medium)).limit(limit),

    /** Keeps the medium size made for a picture that had none. */
    async setMedium(id: string, medium: Buffer) {
      await db
        .update(pictures)
        .set({ medium })
        .where(and(eq(pictures.id, id), isNull(pictures.medium)))
    },

    /**
     * Which of these pictures, about to be named by a product, are not kept (never uploaded
     * here, or swept as unused). Those kept count as uploaded now, so a sweep running while
     * the product is saved leaves them: it either deleted one first (then it is missing here)
     * or finds it too recent.
     */
    async keepNamed(ids: string[]): Promise<string[]> {
      if (!ids.length) return []
      const kept = await db
        .update(pictures)
        .set({ createdAt: sql`now()` })
        .where(inArray(pictures.id, ids))
        .returning({ id: pictures.id })
      const found = new Set(kept.map((row) => row.id))
      return ids.filter((id) => !found.has(id))
    },

    /** Deletes the pictures uploaded more than `days` ago that no product names (a form left half done, a picture replaced); how many. */
    async sweepUnused(days: number): Promise<number> {
      const named = db
        .select({ one: sql`1` })
        .from(products)
        .where(sql`${products.images} @> jsonb_build_array(${`${picturesPath}/`}::text || ${pictures.id} || '.webp')`)
      const deleted = await db
        .delete(pictures)
        .where(and(lt(pictures.createdAt, sql`now() - make_interval(days => ${days})`), notExists(named)))
        .returning({ id: pictures.id })
      return deleted.length
    },
  }
}

export type PicturesRepo = ReturnType<typeof createPicturesRepo>
