import { pageQuery, parse, principalOf, readJson, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import {
  productParam,
  productReviewsQuery,
  ratingsQuery,
  reportBody,
  reviewBody,
  reviewIdParam,
  reviewParam,
  staffReviewsQuery,
  moderationBody,
} from './reviews.schemas.ts'
import type { ReviewsService } from './reviews.service.ts'

type Params = { req: { param(): Record<string, string> } }

/**
 * /api/reviews: a product's reviews for anyone; a signed-in shopper's own (written once an
 * order with the product was delivered to them); for staff, every review, hidden or shown.
 */
export function reviewRoutes({ reviews, verifier }: { reviews: ReviewsService; verifier: TokenVerifier }) {
  const { app, signedIn, only } = serviceRoutes(verifier)
  const staff = only('admin', 'support')
  const productId = (c: Params) => parse(productParam, c.req.param(), 'path').productId

  app.get('/', staff, async (c) => {
    const { page, limit, ...filter } = readQuery(c, staffReviewsQuery)
    return c.json({ ...(await reviews.list(filter, { page, limit })), page, limit })
  })
  app.get('/mine', signedIn, async (c) => {
    const { page, limit } = readQuery(c, pageQuery())
    return c.json({ ...(await reviews.allMine(principalOf(c).id, { page, limit })), page, limit })
  })
  app.get('/ratings', async (c) => c.json(await reviews.ratingsFor(readQuery(c, ratingsQuery).productIds)))
  app.put('/reports/:reviewId', signedIn, async (c) => {
    const { reviewId } = parse(reviewIdParam, c.req.param(), 'path')
    const { reason } = await readJson(c, reportBody)
    await reviews.report(reviewId, principalOf(c).id, reason)
    return c.body(null, 204)
  })
  app.get('/:productId', async (c) => {
    const { page, limit, sort } = readQuery(c, productReviewsQuery)
    return c.json({ ...(await reviews.forProduct(productId(c), { page, limit }, sort)), page, limit })
  })
  app.get('/:productId/mine', signedIn, async (c) => c.json(await reviews.mine(productId(c), principalOf(c).id)))
  app.put('/:productId/mine', signedIn, async (c) => {
    const words = await readJson(c, reviewBody)
    return c.json(await reviews.write(productId(c), principalOf(c).id, words))
  })
  app.delete('/:productId/mine', signedIn, async (c) => {
    await reviews.remove(productId(c), principalOf(c).id)
    return c.body(null, 204)
  })
  app.patch('/:productId/:userId', staff, async (c) => {
    const { productId, userId } = parse(reviewParam, c.req.param(), 'path')
    return c.json(await reviews.moderate(productId, userId, await readJson(c, moderationBody)))
  })
  return app
}
