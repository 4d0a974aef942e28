import { paging, queryFlag, userParam } from '@shopfront/kit'
import { reviewSorts } from '../contract.ts'
import * as z from 'zod'

const productId = z.uuid('a product id')
/** The product a review is of (/api/reviews/:productId...). */
export const productParam = z.object({ productId })
/** A review by its public id (/api/reviews/reports/:reviewId). */
export const reviewIdParam = z.object({ reviewId: z.uuid('a review id') })
/** PUT /api/reviews/reports/:reviewId: why the shopper thinks it should not be in the shop, if they say. */
export const reportBody = z
  .object({ reason: z.string().trim().max(500).default('') })
  .strict()
  .meta({ example: { reason: 'It is about another product.' } })
/** One shopper's review of a product, for staff (/api/reviews/:productId/:userId). */
export const reviewParam = z.object({ productId, ...userParam.shape })

const stars = '1 to 5 stars'
/** PUT /api/reviews/:productId/mine: stars, and a title and words if the shopper has some. */
export const reviewBody = z
  .object({
    rating: z.number().int(stars).min(1, stars).max(5, stars),
    title: z.string().trim().max(120).default(''),
    body: z.string().trim().max(4000).default(''),
  })
  .strict()
  .meta({ example: { rating: 5, title: 'Lovely beans', body: 'Rich and smooth; I order them again.' } })
/**
 * PATCH /api/reviews/:productId/:userId: hidden from the shop or shown again, and the shop's
 * public reply written or rewritten (empty or null: taken back); either, or both.
 */
export const moderationBody = z
  .object({
    hidden: z.boolean().optional(),
    reply: z
      .string()
      .trim()
      .max(2000)
      .nullable()
      .optional()
      .transform((words) => (words === '' ? null : words)),
  })
  .strict()
  .refine((change) => change.hidden !== undefined || change.reply !== undefined, 'hidden, reply or both')
  .meta({ example: { reply: 'Thank you! The new roast is out next week.' } })

/** GET /api/reviews/ratings: up to 100 products' ids, comma-separated (a page of the catalog's cards). */
export const ratingsQuery = z
  .object({
    productIds: z
      .string()
      .transform((ids) => [...new Set(ids.split(','))])
      .pipe(z.array(productId).min(1).max(100, 'at most 100 products'))
      .meta({ example: '5f0c6a1e-2b7d-4c1a-9e3f-8d2b6a4c1e90,0b7c7c53-3a2e-4d7e-9a53-2f1e0d6c9b11' }),
  })
  .strict()

/** GET /api/reviews/:productId: ten a page unless asked otherwise; newest first, or the most or fewest stars first. */
export const productReviewsQuery = z
  .object({ ...paging({ defaultLimit: 10, maxLimit: 50 }), sort: z.enum(reviewSorts).default('newest') })
  .strict()
/** GET /api/reviews (staff): hidden or shown ones, answered or not, reported, of some stars, of one product; each left out: any. */
export const staffReviewsQuery = z
  .object({
    ...paging(),
    hidden: queryFlag.optional(),
    replied: queryFlag.optional(),
    reported: queryFlag.optional(),
    rating: z.coerce.number().int().min(1, stars).max(5, stars).optional(),
    productId: productId.optional(),
  })
  .strict()
