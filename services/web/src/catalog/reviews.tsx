/** @jsxImportSource hono/jsx */
import { choices, SelectField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { counted, Stars, When } from '../layout/parts.tsx'
import { onTo } from '../session/session.ts'
import type { MyReview, ProductReviewPage, Review } from '../shop/schemas.ts'

/** How a product is rated: its average, how many reviews, and how many gave each number of stars. */
function RatingSummary({ ratings }: { ratings: ProductReviewPage['ratings'] }) {
  if (ratings.average === null) return <p class="muted">No reviews yet.</p>
  return (
    <div class="ratings">
      <p>
        <Stars rating={ratings.average} /> <strong>{`${ratings.average} out of 5`}</strong>
        {` · ${counted(ratings.count, 'review')}`}
      </p>
      <ul class="by-stars">
        {[5, 4, 3, 2, 1].map((stars) => {
          const n = ratings.byStars[stars - 1] ?? 0
          return (
            <li>
              <span>{counted(stars, 'star')}</span>
              <meter min={0} max={ratings.count} value={n} aria-label={`${n} of ${ratings.count} gave ${stars}`} />
              <span>{String(n)}</span>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** The shop's public answer under a review (staff's), and when; nothing when it has none. */
export function ShopReply({ review }: { review: Pick<Review, 'reply' | 'repliedAt'> }) {
  if (!review.reply || !review.repliedAt) return null
  return (
    <blockquote class="shop-reply">
      <p>
        <strong>Shopfront replied</strong>{' '}
        <span class="muted">
          <When at={review.repliedAt} />
        </span>
      </p>
      <p>{review.reply}</p>
    </blockquote>
  )
}

/** Why a shopper reports a review, as staff read it. */
export const reportReasons = {
  product: 'It is about another product',
  offensive: 'It is offensive or abusive',
  spam: 'It is spam or advertising',
  personal: 'It shares personal details',
  other: 'Something else',
} as const

/** A signed-in shopper's way to tell staff a review should not be in the shop, and why. */
function ReportReview({ review }: { review: Review }) {
  return (
    <details class="report">
      <summary>
        Report<span class="visually-hidden">{` the review by ${review.author}`}</span>
      </summary>
      <form method="post" action={`/products/${review.productId}/reviews/${review.id}/report`}>
        <CsrfField />
        <SelectField
          name="reason"
          id={`report-${review.id}`}
          label="What is wrong with it?"
          options={choices(reportReasons)}
        />
        <button type="submit" class="secondary">
          Send the report
        </button>
      </form>
    </details>
  )
}

/**
 * Reviews, newest first: stars, title, words, who and when, and the shop's reply; for a
 * signed-in shopper (`reporter`) a way to report each, but the one they wrote (`ownId`).
 */
export function ReviewList({ reviews, reporter, ownId }: { reviews: Review[]; reporter?: boolean; ownId?: string }) {
  return (
    <ol class="review-list">
      {reviews.map((review) => (
        <li>
          <p>
            <Stars rating={review.rating} /> {review.title && <strong>{review.title}</strong>}
          </p>
          {review.body && <p>{review.body}</p>}
          <p class="muted">
            {`${review.author}, `}
            <When at={review.createdAt} />
            {' · bought here'}
          </p>
          <ShopReply review={review} />
          {reporter && review.id !== ownId && <ReportReview review={review} />}
        </li>
      ))}
    </ol>
  )
}

/** What the visitor may do: a guest sign in; a shopper it was delivered to write a review, or change theirs. */
function YourReview({ productId, mine, here }: { productId: string; mine?: MyReview | 'guest'; here: string }) {
  const form = `/products/${productId}/review`
  if (mine === 'guest')
    return (
      <p>
        Bought it here? <a href={onTo('/signin', here)}>Sign in</a> to review it.
      </p>
    )
  if (mine?.review)
    return (
      <p class="panel">
        {'You gave it '}
        <Stars rating={mine.review.rating} />
        {mine.review.hidden && ' (our staff hid your review from the shop)'}.{' '}
        <a href={form}>Change or delete your review</a>
      </p>
    )
  if (mine?.canReview)
    return (
      <p>
        <a class="button" href={form}>
          Write a review
        </a>
      </p>
    )
  return null
}

/**
 * A product page's reviews: its ratings, the visitor's part (`mine`: 'guest', or their own
 * review and whether they may write one) and the first page of reviews with a link to the
 * rest; `found` undefined while sales cannot answer.
 */
export function ProductReviews({
  productId,
  found,
  mine,
  here,
}: {
  productId: string
  found?: ProductReviewPage
  mine?: MyReview | 'guest'
  here: string
}) {
  return (
    <section id="reviews" class="reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      {found ? <RatingSummary ratings={found.ratings} /> : <p class="muted">Reviews cannot be shown just now.</p>}
      <YourReview productId={productId} mine={mine} here={here} />
      {found && (
        <ReviewList
          reviews={found.items}
          reporter={mine !== undefined && mine !== 'guest'}
          ownId={mine === 'guest' ? undefined : mine?.review?.id}
        />
      )}
      {found && found.total > 1 && (
        <p>
          {found.total > found.items.length && (
            <>
              <a href={`/products/${productId}/reviews?page=2`}>{`More reviews (${found.total} in all)`}</a>
              {' · '}
            </>
          )}
          <a href={`/products/${productId}/reviews?sort=lowest`}>The fewest stars first</a>
        </p>
      )}
    </section>
  )
}
