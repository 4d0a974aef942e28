/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { noticeFrom } from '../forms.ts'
import { CsrfField } from '../layout/layout.tsx'
import { Stars, When } from '../layout/parts.tsx'
import { ShopReply } from '../catalog/reviews.tsx'
import type { PageParts } from '../pages.ts'
import { accessToken, signInFirst, type WebEnv } from '../session/session.ts'

/**
 * The shopper's own about products, under /account: the products sold out they wait for
 * ("tell me when it is back", /alerts), each with a way to stop; what they reviewed
 * (/reviews), each a link to change it.
 */
export function productListsRoutes({ shop, render }: Pick<PageParts, 'shop' | 'render'>) {
  const app = new Hono<WebEnv>()
  app.get('/alerts', signInFirst, async (c) => {
    const alerts = await shop.stockAlerts(accessToken(c))
    return render(
      c,
      {
        title: 'Back-in-stock alerts',
        notice: noticeFrom(c, { stopped: 'Done: you will not be e-mailed about it.' }),
      },
      <section class="panel">
        <h1>Back-in-stock alerts</h1>
        {alerts.length === 0 ? (
          <p>You are not waiting for any product. On the page of one sold out, ask to be e-mailed when it is back.</p>
        ) : (
          <>
            <p>We will e-mail you once each of these can be bought again (one e-mail, then the alert ends).</p>
            <ul class="alerts">
              {alerts.map((a) => (
                <li>
                  {a.active ? <a href={`/products/${a.productId}`}>{a.name}</a> : a.name}{' '}
                  <span class="muted">
                    since <When at={a.since} />
                    {!a.active && ': no longer sold (we will still write if it comes back)'}
                  </span>
                  <form method="post" action={`/products/${a.productId}/alert`}>
                    <CsrfField />
                    <input type="hidden" name="action" value="stop" />
                    <input type="hidden" name="next" value="/account/alerts" />
                    <button type="submit" class="link">
                      Stop waiting
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        )}
        <p>
          <a href="/account">Back to your account</a>
        </p>
      </section>,
    )
  })
  app.get('/reviews', signInFirst, async (c) => {
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
                <ShopReply review={r} />
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
