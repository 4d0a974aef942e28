/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { freshForm, submitForm } from '../forms.ts'
import { PasswordField, PostForm } from '../layout/fields.tsx'
import { formPage } from '../layout/render.tsx'
import { signedInSession, signInFirst, type WebEnv } from '../session/session.ts'
import type { PageParts } from '../pages.ts'

const changeForm = z.object({
  currentPassword: z.string().min(1, 'your current password').max(200),
  newPassword: z.string().min(8, 'at least 8 characters').max(200),
})

/**
 * A new password for the signed-in shopper, the current one needed. The users service ends
 * every session of the account; this browser signs in again with the new password (a new
 * session id, the cart's count kept), so only the other devices are signed out.
 */
export function passwordChangeRoutes({
  shop,
  render,
  sessions,
  repo,
}: Pick<PageParts, 'shop' | 'render' | 'sessions' | 'repo'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)

  const page = formPage(render, 'Change your password', (form) => (
    <>
      <p>Every other device signed in to your account is signed out; this one stays signed in.</p>
      <PostForm action="/account/password" submit="Change the password">
        <PasswordField form={form} name="currentPassword" label="Current password" />
        <PasswordField form={form} name="newPassword" label="New password" isNew />
      </PostForm>
      <p>
        <a href="/account">Back to your account</a> · Forgot it? <a href="/password-reset">Reset it by e-mail</a>.
      </p>
    </>
  ))

  app.get('/', (c) => page(c, freshForm()))
  app.post('/', (c) =>
    submitForm(
      c,
      changeForm,
      page,
      async (change) => {
        const old = signedInSession(c)
        await shop.changePassword(old.accessToken, change)
        // every session has ended, this one's too: sign in again with the new password
        const tokens = await shop
          .login(old.user.email, change.newPassword, c.req.header('x-forwarded-for'))
          .catch(() => undefined)
        await repo.remove(old.idHash)
        if (!tokens) {
          await sessions.end(c)
          return c.redirect(`/signin?changed=1&email=${encodeURIComponent(old.user.email)}`, 303)
        }
        const session = await sessions.start(c, await sessions.signedIn(tokens, old.user))
        await repo.setCartCount(session.idHash, old.cartCount)
        return c.redirect('/account?passwordChanged=1', 303)
      },
      // the service's whole sentence ("The current password is wrong."), beside the field it names
      { field: 'currentPassword' },
    ),
  )
  return app
}
