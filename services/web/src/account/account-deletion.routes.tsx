/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { freshForm, submitForm } from '../forms.ts'
import { PasswordField, PostForm } from '../layout/fields.tsx'
import { formPage } from '../layout/render.tsx'
import { isStaff, signedInSession, signInFirst, type WebEnv } from '../session/session.ts'
import type { PageParts } from '../pages.ts'

const deleteForm = z.object({ password: z.string().min(1, 'your password').max(200) })

/**
 * The signed-in customer deletes their account, their password asked again, after a page
 * that says what goes and what stays. The users service erases it and ends every session;
 * this browser is signed out and sent to the sign-in page, which says it is done.
 */
export function accountDeletionRoutes({ shop, render, sessions }: Pick<PageParts, 'shop' | 'render' | 'sessions'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)

  const page = formPage(render, 'Delete your account', (form) => (
    <>
      <p>Deleting your account cannot be undone. Once you confirm with your password:</p>
      <ul>
        <li>
          your name, e-mail address, phone, shipping address, password and cart are erased, and your reviews and
          back-in-stock alerts removed;
        </li>
        <li>you are signed out on every device, and we send no more promotions;</li>
        <li>
          the orders you placed stay in our books with the name and address they were placed with, as the law asks of a
          shop, and so do your conversations with our support team;
        </li>
        <li>
          of your e-mail address we keep only a fingerprint that cannot be read back, so that no old customer list adds
          you again;
        </li>
        <li>
          we send one last e-mail to say it is done, and you can create a new account with the same address later.
        </li>
      </ul>
      <PostForm action="/account/delete" submit="Delete my account" class="panel">
        <PasswordField form={form} name="password" label="Your password" />
      </PostForm>
      <p>
        <a href="/account">Keep my account</a>
      </p>
    </>
  ))

  app.get('/', (c) =>
    isStaff(signedInSession(c).user.roles)
      ? render(
          c,
          { title: 'Delete your account' },
          <section class="panel">
            <h1>Delete your account</h1>
            <p>
              A staff account is not deleted by its owner: an admin closes it, on the Users page of the back office, so
              the shop always keeps someone who can run it.
            </p>
            <p>
              <a href="/account">Back to your account</a>
            </p>
          </section>,
        )
      : page(c, freshForm()),
  )
  app.post('/', (c) =>
    submitForm(
      c,
      deleteForm,
      page,
      async ({ password }) => {
        const session = signedInSession(c)
        await shop.deleteAccount(session.accessToken, password)
        await sessions.end(c)
        return c.redirect('/signin?deleted=1', 303)
      },
      // the service's sentence ("The password is wrong.") beside the field
      { field: 'password' },
    ),
  )
  return app
}
