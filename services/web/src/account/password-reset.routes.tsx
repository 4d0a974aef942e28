/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import { checkForm, codeField, emailField, fieldErrors } from '../forms.ts'
import { CsrfField } from '../layout/layout.tsx'
import { CodeField, EmailField, Field } from '../layout/fields.tsx'
import type { PageProps, Render } from '../layout/render.tsx'
import type { WebContext, WebEnv } from '../session/session.ts'
import type { Shop } from '../shop/shop.ts'

const requestForm = z.object({ email: emailField })
const confirmForm = z.object({
  email: emailField,
  code: codeField,
  newPassword: z.string().min(8, 'at least 8 characters').max(200),
})

/**
 * A forgotten password: the shopper asks for a code (the page says the same whether or not
 * the address has an account), then enters it with a new password. The users service sets
 * it and ends every session; the shopper signs in again with it.
 */
export function passwordResetRoutes({ shop, render }: { shop: Shop; render: Render }) {
  const app = new Hono<WebEnv>()

  const requestPage = (c: WebContext, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    render(
      c,
      { title: 'Reset your password' },
      <section class="panel">
        <h1>Reset your password</h1>
        <p>Enter your account’s e-mail address: we send you a six-digit code to set a new password with.</p>
        <form class="form" method="post" action="/password-reset" novalidate>
          <CsrfField />
          <EmailField value={values.email} error={errors.email} />
          <div>
            <button type="submit">Send the code</button>
          </div>
        </form>
        <p>
          Remembered it? <a href="/signin">Sign in</a>.
        </p>
      </section>,
      Object.keys(errors).length ? 400 : 200,
    )

  const confirmPage = (
    c: WebContext,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    notice?: PageProps['notice'],
    status = 200,
  ) =>
    render(
      c,
      { title: 'Choose a new password', notice },
      <section class="panel">
        <h1>Choose a new password</h1>
        <p>
          If <strong>{values.email || 'that address'}</strong> has an account, a code is on its way. It expires in 15
          minutes.
        </p>
        <form class="form" method="post" action="/password-reset/confirm" novalidate>
          <CsrfField />
          <EmailField value={values.email} error={errors.email} />
          <CodeField value={values.code} error={errors.code} />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            autocomplete="new-password"
            hint="At least 8 characters, not a common one."
            required
            error={errors.newPassword}
          />
          <div>
            <button type="submit">Set the new password</button>
          </div>
        </form>
        <p>
          No e-mail after a minute? <a href="/password-reset">Ask for a new code</a>.
        </p>
      </section>,
      status,
    )

  app.get('/', (c) => requestPage(c, { email: c.req.query('email') ?? '' }))
  app.post('/', async (c) => {
    const form = await checkForm(c, requestForm)
    if (form.errors) return requestPage(c, form.values, form.errors)
    await shop.requestPasswordReset(form.data.email)
    return c.redirect(`/password-reset/confirm?email=${encodeURIComponent(form.data.email)}`, 303)
  })

  app.get('/confirm', (c) => confirmPage(c, { email: c.req.query('email') ?? '' }))
  app.post('/confirm', async (c) => {
    const form = await checkForm(c, confirmForm)
    if (form.errors) return confirmPage(c, form.values, form.errors, undefined, 400)
    try {
      await shop.resetPassword(form.data)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      // the service's whole sentence, beside the field it names
      const [field = 'code'] = Object.keys(fieldErrors(err))
      return confirmPage(c, form.values, { [field]: err.detail }, undefined, err.status)
    }
    return c.redirect(`/signin?reset=1&email=${encodeURIComponent(form.data.email)}`, 303)
  })
  return app
}
