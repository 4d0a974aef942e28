import { AppError, enqueueMail, type MailShop } from '@shopfront/kit'
import { reviewReplyMail } from '../mail/review-mail.ts'
import { firstName, type ReviewSort, ratingsOf, reviewCodes, shopperView } from '../contract.ts'
import type { Moderation, ReviewFilter, ReviewsRepo, ReviewWords } from './reviews.repo.ts'

type Paging = { page: number; limit: number }

/**
 * Reviews of what was delivered: a shopper who received a product writes one (stars and
 * words, under their first name), reads it back, changes or deletes it; anyone reads a
 * product's shown reviews and its ratings; staff list them all, hide or show one, and answer one in public.
 */
export function createReviewsService(
  reviews: ReviewsRepo,
  /** Where the e-mail to an answered review's author links, and its Message-IDs' domain. */
  shop: () => MailShop,
) {
  async function staffFind(productId: string, userId: string) {
    const found = await reviews.find(productId, userId)
    if (!found) throw new AppError('not_found', 'There is no such review.')
    return found
  }

  return {
    async forProduct(productId: string, paging: Paging, sort?: ReviewSort) {
      const [page, stars] = await Promise.all([reviews.shown(productId, paging, sort), reviews.starsOf([productId])])
      return { ...page, ratings: ratingsOf(stars) }
    },

    /** Each product's ratings, in the order asked (one without reviews: a count of 0). */
    async ratingsFor(productIds: string[]) {
      const stars = await reviews.starsOf(productIds)
      const items = productIds.map((productId) => ({
        productId,
        ...ratingsOf(stars.filter((s) => s.productId === productId)),
      }))
      return { items }
    },

    async mine(productId: string, userId: string) {
      const [found, delivered] = await Promise.all([
        reviews.find(productId, userId),
        reviews.deliveredOrder(userId, productId),
      ])
      return { review: found ? shopperView(found) : null, canReview: delivered !== undefined }
    },

    allMine: (userId: string, paging: Paging) => reviews.mine(userId, paging),

    /** Writes (or rewrites) the shopper's review; a 403 `not_delivered` when no order delivered to them holds it. */
    async write(productId: string, userId: string, words: ReviewWords) {
      const order = await reviews.deliveredOrder(userId, productId)
      if (!order)
        throw new AppError('forbidden', 'You can review a product once an order of yours with it was delivered.', {
          code: reviewCodes.notDelivered,
        })
      await reviews.save(productId, userId, { orderId: order.id, author: firstName(order.customerName) }, words)
      return shopperView(await staffFind(productId, userId))
    },

    remove: (productId: string, userId: string) => reviews.remove(productId, userId),
    list: (filter: ReviewFilter, paging: Paging) => reviews.list(filter, paging),

    /**
     * For staff: the review hidden from the shop or shown again, its public reply written or
     * taken back; a new or rewritten reply is e-mailed to its author, in the same transaction.
     */
    async moderate(productId: string, userId: string, change: Moderation) {
      await reviews.transaction(async (tx) => {
        const before = await reviews.lock(tx, productId, userId)
        if (!before) throw new AppError('not_found', 'There is no such review.')
        // the same reply again keeps its time (and tells nobody again)
        const reply = change.reply === before.reply ? undefined : change.reply
        await reviews.moderate(tx, productId, userId, { hidden: change.hidden, reply })
        if (reply)
          await enqueueMail(tx, reviewReplyMail({ ...before, userId }, reply, new Date(), shop()), shop().mailDomain)
      })
      return staffFind(productId, userId)
    },

    /** A shopper tells staff a review should not be in the shop (again: nothing more); not their own. */
    async report(reviewId: string, reporterId: string, reason: string) {
      const gone = new AppError('not_found', 'There is no such review.')
      const author = await reviews.authorOf(reviewId)
      if (author === undefined) throw gone
      if (author === reporterId) throw new AppError('conflict', 'This review is yours: change or delete it instead.')
      if (!(await reviews.report(reviewId, reporterId, reason))) throw gone
    },

    forgetUser: (userId: string) => reviews.forgetUser(userId),
  }
}

export type ReviewsService = ReturnType<typeof createReviewsService>
