/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, type Logger } from '@shopfront/kit'
import { itemCount } from '../cart/cart.routes.tsx'
import { checkForm, codeField, emailField as email, fieldErrors } from '../forms.ts'
import { CsrfField } from '../layout/layout.tsx'
import { CodeField, EmailField, Field } from '../layout/fields.tsx'
import type { PageProps, Render } from '../layout/render.tsx'
import type { SessionsRepo } from '../session/sessions.repo.ts'
import type { Sessions, WebContext, WebEnv } from '../session/session.ts'
import type { Shop } from '../shop/shop.ts'

const signInForm = z.object({
  email,
  password: z.string().min(1, 'your password').max(200),
  next: z.string().optional(),
})
const registerForm = z.object({
  name: z.string().trim().min(1, 'your name').max(100),
  email,
  password: z.string().min(8, 'at least 8 characters').max(200),
})
const verifyForm = z.object({
  email,
  code: codeField,
})

/** Where to go after signing in: a path of this shop only (never `//elsewhere` or a full URL). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/'
}

/** The answer of a page that needs a signed-in user, for a visitor who is not: the sign-in page, then back here. */
export const toSignIn = (c: WebContext) =>
  c.redirect(`/signin?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303)

/** Sign in, register, verify the e-mail (and a new code), sign out. */
export function accountRoutes({
  shop,
  render,
  sessions,
  repo,
  logger,
}: {
  shop: Shop
  render: Render
  sessions: Sessions
  repo: SessionsRepo
  logger: Logger
}) {
  const app = new Hono<WebEnv>()

  const signInPage = (
    c: WebContext,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    notice?: PageProps['notice'],
    status = 200,
  ) =>
    render(
      c,
      { title: 'Sign in', notice },
      <section class="panel">
        <h1>Sign in</h1>
        <form class="form" method="post" action="/signin" novalidate>
          <CsrfField />
          <input type="hidden" name="next" value={safeNext(values.next)} />
          <EmailField value={values.email} error={errors.email} />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            required
            error={errors.password}
          />
          <div>
            <button type="submit">Sign in</button>
          </div>
        </form>
        <p>
          <a href="/password-reset">Forgot your password?</a> New here? <a href="/register">Create an account</a>.
        </p>
      </section>,
      status,
    )

  app.get('/signin', (c) => {
    const notices = {
      verified: 'Your e-mail is verified: sign in to start shopping.',
      reset: 'Your new password is set, and every other session has ended: sign in with it.',
    }
    const said = c.req.query('verified') === '1' ? notices.verified : c.req.query('reset') === '1' ? notices.reset : ''
    return signInPage(
      c,
      { next: c.req.query('next') ?? '', email: c.req.query('email') ?? '' },
      {},
      said ? { kind: 'ok', text: said } : undefined,
    )
  })

  app.post('/signin', async (c) => {
    const form = await checkForm(c, signInForm)
    if (form.errors) return signInPage(c, form.values, form.errors, undefined, 400)
    const { email, password, next } = form.data
    let tokens: Awaited<ReturnType<Shop['login']>>
    try {
      tokens = await shop.login(email, password, c.req.header('x-forwarded-for'))
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      if (err.status === 403 && /verify/i.test(err.detail))
        return c.redirect(`/verify?email=${encodeURIComponent(email)}&unverified=1`, 303)
      return signInPage(c, form.values, {}, { kind: 'alert', text: err.detail }, err.status)
    }
    const me = await shop.me(tokens.accessToken)
    const guest = c.get('session')
    const session = await sessions.start(c, await sessions.signedIn(tokens, me))
    if (guest) {
      // the guest's cart joins the account's; a cart that cannot be merged now stays the guest's, never lost
      const merged = await shop.mergeGuestCart(guest.guestId, me.id).catch((err) => {
        logger.warn('guest cart not merged at sign-in', { error: String(err) })
      })
      if (merged) await repo.remove(guest.idHash)
    }
    const cart = await shop.cart({ accessToken: tokens.accessToken }).catch(() => undefined)
    if (cart) await repo.setCartCount(session.idHash, itemCount(cart))
    return c.redirect(safeNext(next), 303)
  })

  const registerPage = (
    c: WebContext,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    status = 200,
  ) =>
    render(
      c,
      { title: 'Create an account' },
      <section class="panel">
        <h1>Create an account</h1>
        <form class="form" method="post" action="/register" novalidate>
          <CsrfField />
          <Field name="name" label="Name" autocomplete="name" required value={values.name} error={errors.name} />
          <EmailField value={values.email} error={errors.email} />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="new-password"
            hint="At least 8 characters, not a common one."
            required
            error={errors.password}
          />
          <div>
            <button type="submit">Create account</button>
          </div>
        </form>
        <p>
          Already have an account? <a href="/signin">Sign in</a>.
        </p>
      </section>,
      status,
    )

  app.get('/register', (c) => registerPage(c))
  app.post('/register', async (c) => {
    const form = await checkForm(c, registerForm)
    if (form.errors) return registerPage(c, form.values, form.errors, 400)
    try {
      await shop.register(form.data)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      const errors = fieldErrors(err)
      return registerPage(c, form.values, Object.keys(errors).length ? errors : { email: err.detail }, err.status)
    }
    return c.redirect(`/verify?email=${encodeURIComponent(form.data.email)}&sent=1`, 303)
  })

  const verifyPage = (
    c: WebContext,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    notice?: PageProps['notice'],
    status = 200,
  ) =>
    render(
      c,
      { title: 'Verify your e-mail', notice },
      <section class="panel">
        <h1>Verify your e-mail</h1>
        <p>We e-mailed you a six-digit code. Enter it here to finish creating your account.</p>
        <form class="form" method="post" action="/verify" novalidate>
          <CsrfField />
          <EmailField value={values.email} error={errors.email} />
          <CodeField value={values.code} error={errors.code} />
          <div>
            <button type="submit">Verify</button>
          </div>
        </form>
        <form method="post" action="/verify/resend">
          <CsrfField />
          <input type="hidden" name="email" value={values.email ?? ''} />
          <p>
            No e-mail?{' '}
            <button type="submit" class="link">
              Send a new code
            </button>
          </p>
        </form>
      </section>,
      status,
    )

  app.get('/verify', (c) => {
    const sent = c.req.query('sent') === '1'
    const unverified = c.req.query('unverified') === '1'
    const notice: PageProps['notice'] = sent
      ? { kind: 'ok', text: 'Account created. Check your inbox for the code.' }
      : unverified
        ? { kind: 'alert', text: 'Verify your e-mail first: enter the code we sent you.' }
        : undefined
    return verifyPage(c, { email: c.req.query('email') ?? '' }, {}, notice)
  })

  app.post('/verify', async (c) => {
    const form = await checkForm(c, verifyForm)
    if (form.errors) return verifyPage(c, form.values, form.errors, undefined, 400)
    try {
      await shop.verify(form.data.email, form.data.code)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      return verifyPage(c, form.values, { code: err.detail }, undefined, err.status)
    }
    return c.redirect(`/signin?verified=1&email=${encodeURIComponent(form.data.email)}`, 303)
  })

  app.post('/verify/resend', async (c) => {
    const form = await checkForm(c, z.object({ email }))
    if (form.errors) return verifyPage(c, form.values, form.errors, undefined, 400)
    try {
      await shop.resendCode(form.data.email)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      return verifyPage(c, form.values, {}, { kind: 'alert', text: err.detail }, err.status)
    }
    return verifyPage(
      c,
      form.values,
      {},
      { kind: 'ok', text: 'If that account waits for a code, a new one is on its way.' },
    )
  })

  app.post('/signout', async (c) => {
    const session = c.get('session')
    if (session?.accessToken && session.refreshToken)
      await shop.logout(session.accessToken, session.refreshToken).catch((err) => {
        logger.warn('refresh token not revoked at sign-out (it expires on its own)', { error: String(err) })
      })
    await sessions.end(c)
    return c.redirect('/', 303)
  })

  return app
}
