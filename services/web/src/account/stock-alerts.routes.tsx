/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { noticeFrom } from '../forms.ts'
import { CsrfField } from '../layout/layout.tsx'
import { When } from '../layout/parts.tsx'
import type { PageParts } from '../pages.ts'
import { accessToken, signInFirst, type WebEnv } from '../session/session.ts'

/** /account/alerts: the products sold out the shopper waits for ("tell me when it is back"), each with a way to stop. */
export function stockAlertRoutes({ shop, render }: Pick<PageParts, 'shop' | 'render'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)
  app.get('/', async (c) => {
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
                  <a href={`/products/${a.productId}`}>{a.name}</a>{' '}
                  <span class="muted">
                    since <When at={a.since} />
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
  return app
}
