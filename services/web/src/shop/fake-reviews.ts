import { AppError } from '@shopfront/kit'
import { listPage } from '@shopfront/kit/testing'
import { firstName, ratingsOf, shopperView } from '@shopfront/sales/contract'
import type { Staff } from '../admin/staff.ts'
import type { StaffReview } from '../admin/schemas.ts'
import { subjectOf } from './fake-users.ts'
import { type Order, reviewCodes } from './schemas.ts'
import type { Shop } from './shop.ts'

type ReviewsPart = Pick<
  Shop,
  'ratings' | 'reviews' | 'myReview' | 'myReviews' | 'writeReview' | 'deleteReview' | 'reportReview'
>
type StaffPart = Pick<Staff, 'reviews' | 'moderateReview'>

/**
 * Sales' reviews as the web app's tests see them, over the fake shop's orders: a shopper
 * (the token's subject) reviews a product an order of theirs delivered holds; the shop
 * shows the reviews staff did not hide, newest first, under the author's first name.
 */
export function fakeReviews({ check, orders }: { check: (service: 'sales') => void; orders: Order[] }): {
  shop: ReviewsPart
  staff: StaffPart
  kept: StaffReview[]
} {
  // newest first
  const kept: StaffReview[] = []
  const deliveredWith = (userId: string, productId: string) =>
    orders.findLast(
      (o) => o.userId === userId && o.status === 'delivered' && o.items.some((i) => i.productId === productId),
    )
  const find = (productId: string, userId: string) => kept.find((r) => r.productId === productId && r.userId === userId)
  // who reported each review (by its id) and why, since staff last hid or showed it
  const reporters = new Map<string, Map<string, string>>()

  const shownOf = (productId: string) => kept.filter((r) => r.productId === productId && !r.hidden)
  const ratingsOfShown = (shown: StaffReview[]) =>
    ratingsOf([1, 2, 3, 4, 5].map((rating) => ({ rating, count: shown.filter((r) => r.rating === rating).length })))

  const shop: ReviewsPart = {
    async ratings(productIds) {
      if (productIds.length === 0) return []
      check('sales')
      return productIds.map((productId) => ({ productId, ...ratingsOfShown(shownOf(productId)) }))
    },
    async reviews(productId, at, sort = 'newest') {
      check('sales')
      const shown = shownOf(productId)
      // the most or fewest stars first, as sales orders them (newest first among equals: the order kept)
      const ordered =
        sort === 'newest'
          ? shown
          : shown.toSorted((a, b) => (sort === 'highest' ? b.rating - a.rating : a.rating - b.rating))
      return { ...listPage(ordered.map(shopperView), at, 10), ratings: ratingsOfShown(shown) }
    },
    async myReview(token, productId) {
      check('sales')
      const userId = subjectOf(token)
      const found = find(productId, userId)
      return { review: found ? shopperView(found) : null, canReview: deliveredWith(userId, productId) !== undefined }
    },
    async myReviews(token) {
      check('sales')
      return kept.filter((r) => r.userId === subjectOf(token)).map(shopperView)
    },
    async writeReview(token, productId, words) {
      check('sales')
      const userId = subjectOf(token)
      const order = deliveredWith(userId, productId)
      if (!order)
        throw new AppError('forbidden', 'You can review a product once an order of yours with it was delivered.', {
          code: reviewCodes.notDelivered,
        })
      const at = new Date().toISOString()
      const before = find(productId, userId)
      const line = order.items.find((i) => i.productId === productId)
      const review: StaffReview = {
        id: before?.id ?? crypto.randomUUID(),
        productId,
        productName: line?.name ?? '',
        author: firstName(order.customer.name),
        ...words,
        hidden: before?.hidden ?? false,
        reply: before?.reply ?? null,
        repliedAt: before?.repliedAt ?? null,
        createdAt: before?.createdAt ?? at,
        updatedAt: at,
        userId,
        orderId: order.id,
        orderNumber: order.number,
        reports: before?.reports ?? 0,
        reportReasons: before?.reportReasons ?? [],
      }
      if (before) kept.splice(kept.indexOf(before), 1, review)
      else kept.unshift(review)
    },
    async deleteReview(token, productId) {
      check('sales')
      const found = find(productId, subjectOf(token))
      if (found) kept.splice(kept.indexOf(found), 1)
    },
    async reportReview(token, reviewId, reason = '') {
      check('sales')
      const found = kept.find((r) => r.id === reviewId)
      if (!found) throw new AppError('not_found', 'There is no such review.')
      if (found.userId === subjectOf(token))
        throw new AppError('conflict', 'This review is yours: change or delete it instead.')
      const who = reporters.get(reviewId) ?? new Map<string, string>()
      // again: the first report stays
      if (!who.has(subjectOf(token))) who.set(subjectOf(token), reason.trim())
      reporters.set(reviewId, who)
      Object.assign(found, { reports: who.size, reportReasons: [...who.values()].filter(Boolean) })
    },
  }

  const staff: StaffPart = {
    async reviews(_token, query) {
      check('sales')
      const matching = kept.filter(
        (r) =>
          (query.hidden === undefined || String(r.hidden) === String(query.hidden)) &&
          (query.replied === undefined || String(r.reply !== null) === String(query.replied)) &&
          (query.reported === undefined || String(r.reports > 0) === String(query.reported)) &&
          (query.rating === undefined || r.rating === Number(query.rating)) &&
          (query.productId === undefined || r.productId === query.productId),
      )
      return listPage(matching, Number(query.page ?? 1), 20)
    },
    async moderateReview(_token, productId, userId, { hidden, reply }) {
      check('sales')
      const found = find(productId, userId)
      if (!found) throw new AppError('not_found', 'There is no such review.')
      if (hidden !== undefined) {
        // staff looked at it: its reports are settled
        Object.assign(found, { hidden, reports: 0, reportReasons: [] })
        reporters.delete(found.id)
      }
      // the same reply again keeps its time, as sales does
      if (reply !== undefined && (reply || null) !== found.reply)
        Object.assign(found, { reply: reply || null, repliedAt: reply ? new Date().toISOString() : null })
    },
  }
  return { shop, staff, kept }
}
