/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { ShopReply } from '../catalog/reviews.tsx'
import { doneNotice, filtersOf, pageLinks, pageParam, readForm } from '../forms.ts'
import { choices, SelectField, TextAreaField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { counted, Stars, When } from '../layout/parts.tsx'
import type { PageProps } from '../layout/render.tsx'
import { FilteredTable } from '../layout/table.tsx'
import { signedInSession, type WebContext, type WebEnv } from '../session/session.ts'
import { nothingChanged } from './actions.ts'
import { isAdmin, productHref, renderAdmin } from './admin-layout.tsx'
import { staffToken } from './admin.routes.tsx'
import type { StaffReview } from './schemas.ts'
import type { ReviewModeration, Staff } from './staff.ts'

const listQuery = z.object({
  shown: z.enum(['shown', 'hidden']).optional().catch(undefined),
  answered: z.enum(['yes', 'no']).optional().catch(undefined),
  reported: z.enum(['yes']).optional().catch(undefined),
  rating: z.enum(['1', '2', '3', '4', '5']).optional().catch(undefined),
  productId: z.uuid().optional().catch(undefined),
  page: pageParam,
})
const reviewForm = z.object({
  productId: z.uuid(),
  userId: z.string().min(1).max(200),
  // the list as it was (its filters and page), to come back to
  back: z.string().regex(/^\/admin\/reviews(\?[^\s]*)?$/),
})
const visibilityForm = reviewForm.extend({ hidden: z.enum(['true', 'false']) })
// empty: the reply taken back
const replyForm = reviewForm.extend({ reply: z.string().trim().max(2000, 'at most 2,000 characters') })
const outcomes = {
  hidden: 'Hidden: the shop no longer shows it; its author still sees it (any reports of it settled).',
  shown: 'Shown: the shop shows it (any reports of it settled).',
  replied: 'Replied: the shop shows your answer under the review, and its author has it by e-mail.',
  unreplied: 'Reply taken back.',
}

/** /admin/reviews: what shoppers wrote of what was delivered to them, newest first, for support and admins to hide, show and answer. */
export function reviewsAdminRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()

  const list = async (c: WebContext, notice?: PageProps['notice'], status = 200) => {
    const query = listQuery.parse(c.req.query())
    const { shown, answered, reported, rating, productId, page } = query
    const hidden = shown === undefined ? undefined : String(shown === 'hidden')
    const replied = answered === undefined ? undefined : String(answered === 'yes')
    const found = await staff.reviews(staffToken(c), {
      hidden,
      replied,
      reported: reported && 'true',
      rating,
      productId,
      page,
    })
    const params = filtersOf(query)
    // this list as it is, for an action to come back to
    const here = pageLinks('/admin/reviews', params)(page)
    const admin = isAdmin(signedInSession(c).user.roles)
    return renderAdmin(
      c,
      { title: 'Reviews', notice: notice ?? doneNotice(c, outcomes) },
      <>
        <h1>Reviews</h1>
        <FilteredTable
          path="/admin/reviews"
          count={counted(found.total, 'review')}
          params={params}
          fields={
            <>
              <SelectField
                name="shown"
                label="In the shop"
                value={shown ?? ''}
                options={choices({ '': 'Shown or hidden', shown: 'Shown', hidden: 'Hidden' })}
              />
              <SelectField
                name="answered"
                label="Our reply"
                value={answered ?? ''}
                options={choices({ '': 'Answered or not', yes: 'Answered', no: 'Not answered' })}
              />
              <SelectField
                name="reported"
                label="Reports"
                value={reported ?? ''}
                options={choices({ '': 'Reported or not', yes: 'Reported by shoppers' })}
              />
              <SelectField
                name="rating"
                label="Stars"
                value={rating ?? ''}
                options={choices({ '': 'Any', 1: '1 star', 2: '2 stars', 3: '3 stars', 4: '4 stars', 5: '5 stars' })}
              />
              {productId && <input type="hidden" name="productId" value={productId} />}
            </>
          }
          caption="Reviews, newest first"
          found={found}
          page={page}
          empty="No review matches."
          columns={[
            { head: 'Product', cell: (r) => <a href={productHref(admin, r.productId)}>{r.productName}</a> },
            { head: 'Stars', cell: (r) => <Stars rating={r.rating} /> },
            {
              head: 'Review',
              cell: (r) => (
                <>
                  <ReviewText review={r} />
                  <Reports review={r} />
                  <ShopReply review={r} />
                  <Reply review={r} back={here} />
                </>
              ),
            },
            {
              head: 'By',
              wide: true,
              cell: (r) => (
                <>
                  {`${r.author}, order `}
                  <a href={`/admin/orders/${r.orderNumber}`}>{r.orderNumber}</a>
                  {', '}
                  <When at={r.createdAt} />
                </>
              ),
            },
            {
              head: 'In the shop',
              mark: (r) => r.hidden && 'down',
              cell: (r) => <Visibility review={r} back={here} />,
            },
          ]}
        />
      </>,
      status,
    )
  }

  /** Changes the review as asked, then back to the list as it was, saying what was done; a refusal on the list. */
  const moderate = async (
    c: WebContext,
    { productId, userId, back }: z.infer<typeof reviewForm>,
    change: ReviewModeration,
    done: keyof typeof outcomes,
  ) => {
    try {
      await staff.moderateReview(staffToken(c), productId, userId, change)
    } catch (err) {
      const { notice, status } = nothingChanged(err)
      return list(c, notice, status)
    }
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=${done}`, 303)
  }

  app.get('/', (c) => list(c))
  app.post('/visibility', async (c) => {
    const form = await readForm(c, visibilityForm)
    return moderate(c, form, { hidden: form.hidden === 'true' }, form.hidden === 'true' ? 'hidden' : 'shown')
  })
  app.post('/reply', async (c) => {
    const form = await readForm(c, replyForm)
    return moderate(c, form, { reply: form.reply || null }, form.reply ? 'replied' : 'unreplied')
  })
  return app
}

/** A review's title and words (the first 200 characters: the rest is the shop's page). */
function ReviewText({ review }: { review: StaffReview }) {
  const words = review.body.length > 200 ? `${review.body.slice(0, 200)}…` : review.body
  return (
    <>
      {review.title && <strong>{review.title}</strong>} {words || (review.title ? '' : '(stars only)')}
    </>
  )
}

/** Which review a form changes and the list to come back to (`reviewForm`), with the CSRF token. */
function ReviewFields({ review, back }: { review: StaffReview; back: string }) {
  return (
    <>
      <CsrfField />
      <input type="hidden" name="productId" value={review.productId} />
      <input type="hidden" name="userId" value={review.userId} />
      <input type="hidden" name="back" value={back} />
    </>
  )
}

/** The shop's public answer (the list shows it), and a form to write, change or take it back. */
function Reply({ review, back }: { review: StaffReview; back: string }) {
  return (
    <details class="reply">
      <summary>{review.reply ? 'Change the reply' : 'Reply'}</summary>
      <form method="post" action="/admin/reviews/reply">
        <ReviewFields review={review} back={back} />
        <TextAreaField
          name="reply"
          id={`reply-${review.productId}-${review.userId}`}
          label="The shop's answer, under the review for everyone"
          hint="Empty: no answer."
          value={review.reply ?? ''}
          rows={3}
          maxlength={2000}
        />
        <button type="submit">Save the reply</button>
      </form>
    </details>
  )
}

/** How many shoppers reported it since staff last hid or showed it, and why, those who said. */
function Reports({ review }: { review: StaffReview }) {
  if (review.reports === 0) return null
  const why = review.reportReasons.length > 0 ? `: ${review.reportReasons.join('; ')}` : ''
  return <p class="down">{`Reported by ${counted(review.reports, 'shopper')}${why}`}</p>
}

/**
 * Whether the shop shows it, the button that changes that, and for a shown one reported,
 * keeping it (either settles the reports).
 */
function Visibility({ review, back }: { review: StaffReview; back: string }) {
  return (
    <form method="post" action="/admin/reviews/visibility" class="inline">
      <ReviewFields review={review} back={back} />
      {review.hidden ? 'Hidden ' : 'Shown '}
      <button type="submit" class="secondary" name="hidden" value={String(!review.hidden)}>
        {review.hidden ? 'Show' : 'Hide'}
      </button>
      {review.reports > 0 && !review.hidden && (
        <button type="submit" class="secondary" name="hidden" value="false">
          Keep it shown
        </button>
      )}
    </form>
  )
}
