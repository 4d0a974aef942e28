/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { Stars, When } from '../layout/parts.tsx'
import type { PageParts } from '../pages.ts'
import { accessToken, signInFirst, type WebEnv } from '../session/session.ts'

/** /account/reviews: what the shopper wrote of what was delivered to them, newest first, each a link to change it. */
export function myReviewsRoutes({ shop, render }: Pick<PageParts, 'shop' | 'render'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)
  app.get('/', async (c) => {
    const reviews = await shop.myReviews(accessToken(c))
    return render(
      c,
      { title: 'Your reviews' },
      <section class="panel">
        <h1>Your reviews</h1>
        {reviews.length === 0 ? (
          <p>You have not reviewed anything yet. Once an order is delivered, its page offers to review each item.</p>
        ) : (
          <ul class="alerts">
            {reviews.map((r) => (
              <li>
                <a href={`/products/${r.productId}`}>{r.productName}</a> <Stars rating={r.rating} />{' '}
                <span class="muted">
                  {r.title && `“${r.title}”, `}
                  <When at={r.updatedAt} />
                  {r.hidden && ' (our staff hid it from the shop)'}
                </span>{' '}
                <a href={`/products/${r.productId}/review`}>
                  Change or delete<span class="visually-hidden">{` your review of ${r.productName}`}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/account">Back to your account</a>
        </p>
      </section>,
    )
  })
  return app
}
