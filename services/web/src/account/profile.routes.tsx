/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { countryField, type FormState, freshForm, noticeFrom, phoneField, submitForm, wholeAddress } from '../forms.ts'
import { AddressFields, Field, fieldsOf, PostForm } from '../layout/fields.tsx'
import { SignOut } from '../layout/layout.tsx'
import { signedInSession, signInFirst, type WebContext, type WebEnv } from '../session/session.ts'
import type { Me } from '../shop/schemas.ts'
import type { PageParts } from '../pages.ts'

const optional = (max: number) => z.string().trim().max(max).optional()
const profileForm = z
  .object({
    name: z.string().trim().min(1, 'your name').max(100),
    phone: phoneField.optional(),
    line1: optional(200),
    line2: optional(200),
    city: optional(100),
    postalCode: optional(20),
    country: countryField.optional(),
    marketingOptIn: z.literal('yes').optional(),
  })
  .superRefine((f, ctx) =>
    wholeAddress({ line1: f.line1, city: f.city, postalCode: f.postalCode, country: f.country }, ctx),
  )

const valuesOf = (me: Me): Record<string, string> => ({
  name: me.name,
  phone: me.phone ?? '',
  line1: me.shippingAddress?.line1 ?? '',
  line2: me.shippingAddress?.line2 ?? '',
  city: me.shippingAddress?.city ?? '',
  postalCode: me.shippingAddress?.postalCode ?? '',
  country: me.shippingAddress?.country ?? '',
  marketingOptIn: me.marketingOptIn ? 'yes' : '',
})

/** My account: name, shipping address (used at checkout), promotion e-mails. */
export function profileRoutes({ shop, render, repo }: Pick<PageParts, 'shop' | 'render' | 'repo'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)
  const page = (c: WebContext, email: string, form: FormState) =>
    render(
      c,
      { title: 'Your account', notice: form.notice },
      <section class="panel">
        <h1>Your account</h1>
        <p>{`Signed in as ${email}.`}</p>
        <PostForm action="/account" submit="Save" class="wide">
          <Field {...fieldsOf(form)('name')} label="Name" autocomplete="name" required />
          <Field
            {...fieldsOf(form)('phone')}
            label="Phone (optional)"
            type="tel"
            autocomplete="tel"
            hint="For the courier, if a delivery needs you."
          />
          <AddressFields form={form} />
          <label class="check">
            <input type="checkbox" name="marketingOptIn" value="yes" checked={form.values.marketingOptIn === 'yes'} />{' '}
            E-mail me promotions and offers
          </label>
        </PostForm>
        <div class="actions start">
          <a href="/account/password">Change your password</a>
          <a href="/account/alerts">Back-in-stock alerts</a>
          <a href="/account/reviews">Your reviews</a>
          <a href="/account/data">Download your data</a>
          <a href="/account/delete">Delete your account</a>
          <SignOut />
        </div>
      </section>,
      form.status,
    )

  app.get('/', async (c) => {
    const session = signedInSession(c)
    const me = await shop.me(session.accessToken)
    const notice = noticeFrom(c, {
      welcome: 'Welcome! Your e-mail is verified and you are signed in. Add your address to check out faster.',
      saved: 'Saved.',
      passwordChanged: 'Your password is changed, and every other device is signed out.',
      passwordReset: 'Your new password is set, every other device is signed out, and you are signed in here.',
    })
    return page(c, me.email, freshForm(valuesOf(me), notice))
  })

  app.post('/', async (c) => {
    const session = signedInSession(c)
    return submitForm(
      c,
      profileForm,
      (c, form) => page(c, session.user.email, form),
      async (f) => {
        const me = await shop.updateMe(session.accessToken, {
          name: f.name,
          phone: f.phone || null,
          shippingAddress: f.line1
            ? {
                line1: f.line1,
                ...(f.line2 ? { line2: f.line2 } : {}),
                city: f.city ?? '',
                postalCode: f.postalCode ?? '',
                country: f.country ?? '',
              }
            : null,
          marketingOptIn: f.marketingOptIn === 'yes',
        })
        await repo.setName(session.idHash, me.name)
        return c.redirect('/account?saved=1', 303)
      },
    )
  })
  return app
}
