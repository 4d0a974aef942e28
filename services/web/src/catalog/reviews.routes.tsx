/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { type FormState, freshForm, pageNumber, pageLinks, readForm, submitForm } from '../forms.ts'
import { Field, fieldsOf, PostForm, StarsField, TextAreaField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { Pager, Stars } from '../layout/parts.tsx'
import type { Render } from '../layout/render.tsx'
import { accessToken, signInFirst, userSession, type WebContext, type WebEnv } from '../session/session.ts'
import { type Product, type Review, reviewSorts } from '../shop/schemas.ts'
import { type Shop, unlessDown } from '../shop/shop.ts'
import { productOr404 } from './product-page.routes.tsx'
import { ReviewList, reportReasons, ShopReply } from './reviews.tsx'

const sortText = { newest: 'Newest', highest: 'Most stars', lowest: 'Fewest stars' } as const
const reportForm = z.object({ reason: z.enum(Object.keys(reportReasons) as [keyof typeof reportReasons]) })
const reviewForm = z.object({
  rating: z.enum(['1', '2', '3', '4', '5'], { error: 'choose 1 to 5 stars' }).transform(Number),
  title: z.string().trim().max(120, 'at most 120 characters'),
  body: z.string().trim().max(4000, 'at most 4,000 characters'),
})

/**
 * A product's reviews past the first page, and a signed-in shopper's own review: written
 * once an order with the product was delivered to them (sales checks), changed or deleted.
 */
export function reviewRoutes({ shop, render }: { shop: Shop; render: Render }) {
  const app = new Hono<WebEnv>()
  const productOf = (c: WebContext) => productOr404(shop, c.req.param('id') ?? '')

  app.get('/products/:id/reviews', async (c) => {
    const product = await productOf(c)
    const page = pageNumber(c)
    const sort = z.enum(reviewSorts).catch('newest').parse(c.req.query('sort'))
    const user = userSession(c)
    // a signed-in shopper may report any but their own
    const [found, mine] = await Promise.all([
      shop.reviews(product.id, page, sort),
      user && unlessDown(shop.myReview(user.accessToken, product.id)),
    ])
    const title = `Reviews of ${product.name}`
    return render(
      c,
      { title },
      <section>
        <h1>{title}</h1>
        <p>
          <a href={`/products/${product.id}`}>Back to {product.name}</a>
        </p>
        {found.ratings.average !== null && (
          <p>
            <Stars rating={found.ratings.average} /> {`${found.ratings.average} out of 5`}
          </p>
        )}
        <nav aria-label="Order of the reviews" class="chips">
          {reviewSorts.map((s) => (
            <a href={`/products/${product.id}/reviews?sort=${s}`} aria-current={s === sort ? 'page' : undefined}>
              {sortText[s]}
            </a>
          ))}
        </nav>
        <ReviewList reviews={found.items} reporter={mine !== undefined} ownId={mine?.review?.id} />
        <Pager
          page={page}
          of={found}
          href={pageLinks(`/products/${product.id}/reviews`, sort === 'newest' ? {} : { sort })}
        />
      </section>,
    )
  })

  /** The form of the shopper's review; `mine`, the one they wrote (null: none yet), with the shop's answer to it. */
  const reviewPage = async (c: WebContext, product: Product, form: FormState, mine: Review | null) => {
    const on = fieldsOf(form)
    const written = mine !== null
    return render(
      c,
      { title: 'Your review', notice: form.notice },
      <section class="panel">
        <h1>Your review of {product.name}</h1>
        <p class="muted">The shop shows it under your first name, with the date.</p>
        {mine?.reply && (
          <>
            <ShopReply review={mine} />
            <p class="muted">Our answer stays under your review when you change it.</p>
          </>
        )}
        <PostForm
          action={`/products/${product.id}/review`}
          submit={written ? 'Save your review' : 'Publish your review'}
        >
          <StarsField name="rating" legend="Your rating" value={form.values.rating} error={form.errors.rating} />
          <Field {...on('title')} label="Title (optional)" maxlength={120} />
          <TextAreaField {...on('body')} label="What did you think? (optional)" rows={6} maxlength={4000} />
        </PostForm>
        {written && (
          <form method="post" action={`/products/${product.id}/review/delete`} class="actions">
            <CsrfField />
            <button type="submit" class="secondary">
              Delete your review
            </button>
          </form>
        )}
      </section>,
      form.status,
    )
  }

  app.get('/products/:id/review', signInFirst, async (c) => {
    const product = await productOf(c)
    const { review, canReview } = await shop.myReview(accessToken(c), product.id)
    if (!review && !canReview)
      throw new AppError('forbidden', `You can review ${product.name} once an order of yours with it was delivered.`)
    if (!review) return reviewPage(c, product, freshForm(), null)
    const values = { rating: String(review.rating), title: review.title, body: review.body }
    return reviewPage(c, product, freshForm(values), review)
  })

  app.post('/products/:id/review', signInFirst, async (c) => {
    const product = await productOf(c)
    const show = async (c: WebContext, form: FormState) =>
      reviewPage(c, product, form, (await shop.myReview(accessToken(c), product.id)).review)
    return submitForm(c, reviewForm, show, async (words) => {
      await shop.writeReview(accessToken(c), product.id, words)
      return c.redirect(`/products/${product.id}?reviewed=1#reviews`, 303)
    })
  })

  // a review a shopper thinks should not be in the shop, told to staff; back where it was, saying so
  app.post('/products/:id/reviews/:reviewId/report', signInFirst, async (c) => {
    const product = await productOf(c)
    const { reason } = await readForm(c, reportForm)
    const reviewId = z.uuid().safeParse(c.req.param('reviewId'))
    if (!reviewId.success) throw new AppError('not_found', 'There is no such review.')
    await shop.reportReview(accessToken(c), reviewId.data, reportReasons[reason])
    return c.redirect(`/products/${product.id}?reported=1#reviews`, 303)
  })

  app.post('/products/:id/review/delete', signInFirst, async (c) => {
    const product = await productOf(c)
    await readForm(c, z.object({}))
    await shop.deleteReview(accessToken(c), product.id)
    return c.redirect(`/products/${product.id}?reviewDeleted=1#reviews`, 303)
  })
  return app
}
