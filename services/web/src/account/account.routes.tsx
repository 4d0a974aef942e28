/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, type Logger } from '@shopfront/kit'
import { codeField, emailField as email, freshForm, noticeFrom, submitForm } from '../forms.ts'
import { CodeField, EmailField, Field, fieldsOf, PasswordField, PostForm } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { formPage, type PageProps, type Render } from '../layout/render.tsx'
import { onTo, safeNext, type Sessions, type WebEnv } from '../session/session.ts'
import type { Shop } from '../shop/shop.ts'
import type { SessionStarter } from './start-session.ts'

/** Where the visitor was going, carried from form to form (see `onTo`). */
const next = z.string().optional()
const signInForm = z.object({
  email,
  password: z.string().min(1, 'your password').max(200),
  next,
})
const registerForm = z.object({
  name: z.string().trim().min(1, 'your name').max(100),
  email,
  password: z.string().min(8, 'at least 8 characters').max(200),
  next,
})
const verifyForm = z.object({
  email,
  code: codeField,
  next,
})

/** The form field that carries `next` from page to page. */
const NextField = ({ next }: { next: string | undefined }) => <input type="hidden" name="next" value={safeNext(next)} />

/** Sign in, register, verify the e-mail (and a new code), sign out. */
export function accountRoutes({
  shop,
  render,
  sessions,
  startSession,
  logger,
}: {
  shop: Shop
  render: Render
  sessions: Sessions
  /** Signs this browser in (sessionStarter), at sign-in and once the e-mail is verified. */
  startSession: SessionStarter
  logger: Logger
}) {
  const app = new Hono<WebEnv>()

  const signInPage = formPage(render, 'Sign in', (form) => (
    <>
      <PostForm action="/signin" submit="Sign in">
        <NextField next={form.values.next} />
        <EmailField form={form} />
        <PasswordField form={form} name="password" label="Password" />
      </PostForm>
      <p>
        <a href="/password-reset">Forgot your password?</a> New here?{' '}
        <a href={onTo('/register', form.values.next)}>Create an account</a>.
      </p>
    </>
  ))

  app.get('/signin', (c) => {
    const notice = noticeFrom(c, {
      verified: 'Your e-mail is verified: sign in to start shopping.',
      reset: 'Your new password is set, and every other session has ended: sign in with it.',
      changed: 'Your password is changed, and every session has ended: sign in with the new one.',
      deleted:
        'Your account is deleted and you are signed out everywhere; an e-mail says what stays. Goodbye, and thank you.',
    })
    const values = { next: c.req.query('next') ?? '', email: c.req.query('email') ?? '' }
    return signInPage(c, freshForm(values, notice))
  })

  app.post('/signin', (c) =>
    submitForm(c, signInForm, signInPage, async ({ email, password, next }) => {
      const tokens = await shop.login(email, password, c.req.header('x-forwarded-for')).catch((err) => {
        if (err instanceof AppError && err.status === 403 && /verify/i.test(err.detail)) return undefined
        throw err
      })
      if (!tokens) return c.redirect(onTo(`/verify?email=${encodeURIComponent(email)}&unverified=1`, next), 303)
      await startSession(c, tokens)
      return c.redirect(safeNext(next), 303)
    }),
  )

  const registerPage = formPage(render, 'Create an account', (form) => (
    <>
      <PostForm action="/register" submit="Create account">
        <NextField next={form.values.next} />
        <Field {...fieldsOf(form)('name')} label="Name" autocomplete="name" required />
        <EmailField form={form} />
        <PasswordField form={form} name="password" label="Password" isNew />
      </PostForm>
      <p>
        Already have an account? <a href={onTo('/signin', form.values.next)}>Sign in</a>.
      </p>
    </>
  ))

  app.get('/register', (c) => registerPage(c, freshForm({ next: c.req.query('next') ?? '' })))
  app.post('/register', (c) =>
    submitForm(c, registerForm, registerPage, async ({ next, ...account }) => {
      await shop.register(account)
      return c.redirect(onTo(`/verify?email=${encodeURIComponent(account.email)}&sent=1`, next), 303)
    }),
  )

  const verifyPage = formPage(render, 'Verify your e-mail', (form) => (
    <>
      <p>We e-mailed you a six-digit code. Enter it here to finish creating your account.</p>
      <PostForm action="/verify" submit="Verify">
        <NextField next={form.values.next} />
        <EmailField form={form} />
        <CodeField form={form} />
      </PostForm>
      <form method="post" action="/verify/resend">
        <CsrfField />
        <input type="hidden" name="email" value={form.values.email ?? ''} />
        <NextField next={form.values.next} />
        <p>
          No e-mail?{' '}
          <button type="submit" class="link">
            Send a new code
          </button>
        </p>
      </form>
    </>
  ))

  app.get('/verify', (c) => {
    const sent = c.req.query('sent') === '1'
    const unverified = c.req.query('unverified') === '1'
    const notice: PageProps['notice'] = sent
      ? { kind: 'ok', text: 'Account created. Check your inbox for the code.', fromQuery: ['sent'] }
      : unverified
        ? { kind: 'alert', text: 'Verify your e-mail first: enter the code we sent you.', fromQuery: ['unverified'] }
        : undefined
    return verifyPage(c, freshForm({ email: c.req.query('email') ?? '', next: c.req.query('next') ?? '' }, notice))
  })

  app.post('/verify', (c) =>
    submitForm(
      c,
      verifyForm,
      verifyPage,
      async ({ email, code, next }) => {
        const tokens = await shop.verify(email, code)
        // a disabled account is verified but not signed in: the sign-in page says why
        if (!tokens) return c.redirect(onTo(`/signin?verified=1&email=${encodeURIComponent(email)}`, next), 303)
        await startSession(c, tokens)
        return c.redirect(safeNext(next) === '/' ? '/account?welcome=1' : safeNext(next), 303)
      },
      { field: 'code' },
    ),
  )

  app.post('/verify/resend', (c) =>
    submitForm(c, z.object({ email }), verifyPage, async (data, values) => {
      await shop.resendCode(data.email)
      return verifyPage(
        c,
        freshForm(values, { kind: 'ok', text: 'If that account waits for a code, a new one is on its way.' }),
      )
    }),
  )

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
