/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { codeField, emailField, freshForm, submitForm } from '../forms.ts'
import { CodeField, EmailField, PasswordField, PostForm } from '../layout/fields.tsx'
import { formPage, type Render } from '../layout/render.tsx'
import type { WebEnv } from '../session/session.ts'
import type { Shop } from '../shop/shop.ts'
import type { SessionStarter } from './start-session.ts'

const requestForm = z.object({ email: emailField })
const confirmForm = z.object({
  email: emailField,
  code: codeField,
  newPassword: z.string().min(8, 'at least 8 characters').max(200),
})

/**
 * A forgotten password: the shopper asks for a code (the page says the same whether or not
 * the address has an account), then enters it with a new password. The users service sets
 * it and ends every session; this browser is then signed in with it (where users refuses the
 * sign-in, the sign-in page says the password is set).
 */
export function passwordResetRoutes({
  shop,
  render,
  startSession,
}: {
  shop: Shop
  render: Render
  startSession: SessionStarter
}) {
  const app = new Hono<WebEnv>()

  const requestPage = formPage(render, 'Reset your password', (form) => (
    <>
      <p>Enter your account’s e-mail address: we send you a six-digit code to set a new password with.</p>
      <PostForm action="/password-reset" submit="Send the code">
        <EmailField form={form} />
      </PostForm>
      <p>
        Remembered it? <a href="/signin">Sign in</a>.
      </p>
    </>
  ))

  const confirmPage = formPage(render, 'Choose a new password', (form) => (
    <>
      <p>
        If <strong>{form.values.email || 'that address'}</strong> has an account, a code is on its way. It expires in 15
        minutes.
      </p>
      <PostForm action="/password-reset/confirm" submit="Set the new password">
        <EmailField form={form} />
        <CodeField form={form} />
        <PasswordField form={form} name="newPassword" label="New password" isNew />
      </PostForm>
      <p>
        No e-mail after a minute? <a href="/password-reset">Ask for a new code</a>.
      </p>
    </>
  ))

  app.get('/', (c) => requestPage(c, freshForm({ email: c.req.query('email') ?? '' })))
  app.post('/', (c) =>
    submitForm(c, requestForm, requestPage, async ({ email }) => {
      await shop.requestPasswordReset(email)
      return c.redirect(`/password-reset/confirm?email=${encodeURIComponent(email)}`, 303)
    }),
  )

  app.get('/confirm', (c) => confirmPage(c, freshForm({ email: c.req.query('email') ?? '' })))
  app.post('/confirm', (c) =>
    submitForm(
      c,
      confirmForm,
      confirmPage,
      async (data) => {
        await shop.resetPassword(data)
        const tokens = await shop
          .login(data.email, data.newPassword, c.req.header('x-forwarded-for'))
          .catch(() => undefined)
        if (!tokens) return c.redirect(`/signin?reset=1&email=${encodeURIComponent(data.email)}`, 303)
        await startSession(c, tokens)
        return c.redirect('/account?passwordReset=1', 303)
      },
      // the service's whole sentence, beside the field it names
      { field: 'code' },
    ),
  )
  return app
}
