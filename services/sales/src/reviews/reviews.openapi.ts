import { type OperationSpec, pageQuery } from '@shopfront/kit'
import {
  myReview,
  productRatings,
  productReviewPage,
  review,
  reviewPage,
  staffReview,
  staffReviewPage,
} from '../contract.ts'
import {
  moderationBody,
  productReviewsQuery,
  ratingsQuery,
  reportBody,
  reviewBody,
  staffReviewsQuery,
} from './reviews.schemas.ts'

/** /api/reviews in sales' OpenAPI document. */
export const reviewOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/reviews',
    summary:
      'Every review, newest first, for moderation: hidden or shown ones, answered or not, reported, of some stars, of one product',
    access: 'support',
    query: staffReviewsQuery,
    responses: { 200: { description: 'A page of reviews, with whose each is and its order', schema: staffReviewPage } },
  },
  {
    method: 'put',
    path: '/api/reviews/reports/{reviewId}',
    summary:
      "Tell staff a review should not be in the shop (why, if the shopper says); again: nothing more. Not one's own (409)",
    access: 'user',
    body: reportBody,
    responses: { 204: 'Reported', 404: 'No such review', 409: 'The review is the caller’s own' },
  },
  {
    method: 'get',
    path: '/api/reviews/mine',
    summary: "The signed-in shopper's reviews, newest first",
    access: 'user',
    query: pageQuery(),
    responses: { 200: { description: 'A page of reviews', schema: reviewPage } },
  },
  {
    method: 'get',
    path: '/api/reviews/ratings',
    summary: "Up to 100 products' ratings at once, by the reviews the shop shows (a list of products' stars)",
    query: ratingsQuery,
    responses: { 200: { description: "Each product's ratings, in the order asked", schema: productRatings } },
  },
  {
    method: 'get',
    path: '/api/reviews/{productId}',
    summary: "A product's reviews as the shop shows them (staff may hide one), newest first, and its ratings",
    query: productReviewsQuery,
    responses: { 200: { description: 'A page of reviews and the ratings', schema: productReviewPage } },
  },
  {
    method: 'get',
    path: '/api/reviews/{productId}/mine',
    summary:
      "The shopper's review of a product, and whether they may write one (an order with it was delivered to them)",
    access: 'user',
    responses: { 200: { description: 'Their review (null: none yet)', schema: myReview } },
  },
  {
    method: 'put',
    path: '/api/reviews/{productId}/mine',
    summary:
      'Write (or rewrite) a review of a product delivered to the shopper: 1 to 5 stars, a title and words if they like; shown under their first name',
    access: 'user',
    body: reviewBody,
    responses: {
      200: { description: 'The review', schema: review },
      403: 'No order delivered to the shopper holds the product (code `not_delivered`)',
    },
  },
  {
    method: 'delete',
    path: '/api/reviews/{productId}/mine',
    summary: "Delete the shopper's review of a product (none: nothing to do)",
    access: 'user',
    responses: { 204: 'Gone' },
  },
  {
    method: 'patch',
    path: '/api/reviews/{productId}/{userId}',
    summary:
      "Hide a shopper's review from the shop or show it again, and write, rewrite or take back the shop's public reply under it",
    access: 'support',
    body: moderationBody,
    responses: { 200: { description: 'The review', schema: staffReview }, 404: 'No such review' },
  },
]
