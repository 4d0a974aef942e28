/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { promoCode, rememberPromo } from '../cart/promo.ts'
import { readForm } from '../forms.ts'
import { CsrfField } from '../layout/layout.tsx'
import type { Render } from '../layout/render.tsx'
import type { WebEnv } from '../session/session.ts'
import type { Shop } from '../shop/shop.ts'

const token = z.string().min(10).max(500)

/**
 * Where the platform's e-mails lead: a promotion's "Shop now" (the shop, its code ready
 * at checkout) and the unsubscribe link (a page that asks first, since mail scanners
 * open every link; the one-click button of mail clients posts to the users API).
 */
export function mailLinkRoutes({
  shop,
  render,
  secureCookie,
}: {
  shop: Shop
  render: Render
  secureCookie: () => boolean
}) {
  const app = new Hono<WebEnv>()

  app.get('/promo/:code', (c) => {
    const code = promoCode.safeParse(c.req.param('code'))
    if (!code.success) throw new AppError('not_found', 'That promotion link is not one of ours.')
    rememberPromo(c, code.data, secureCookie())
    return c.redirect('/products?promo=1', 303)
  })

  const unsubscribePage = (c: Parameters<Render>[0], value: string, done: boolean, status = 200) =>
    render(
      c,
      { title: 'Promotion e-mails' },
      <section class="panel">
        <h1>Promotion e-mails</h1>
        {done ? (
          <p>
            You will get no more promotion e-mails. Order e-mails still come. Changed your mind? Opt in again in{' '}
            <a href="/account">your account</a>.
          </p>
        ) : (
          <form method="post" action="/unsubscribe">
            <CsrfField />
            <input type="hidden" name="token" value={value} />
            <p>Stop the shop's promotion e-mails to you? Order e-mails still come.</p>
            <button type="submit">Unsubscribe</button>
          </form>
        )}
      </section>,
      status,
    )

  app.get('/unsubscribe', (c) => {
    const value = token.safeParse(c.req.query('token'))
    if (!value.success)
      throw new AppError('validation', 'This unsubscribe link is incomplete; open it from the e-mail again.')
    return unsubscribePage(c, value.data, false)
  })
  app.post('/unsubscribe', async (c) => {
    const { token: value } = await readForm(c, z.object({ token }))
    await shop.unsubscribe(value)
    return unsubscribePage(c, value, true)
  })
  return app
}
