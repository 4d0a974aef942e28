/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { FormState } from '../forms.ts'
import { hereOf, type WebContext } from '../session/session.ts'
import type { ShopTerms } from '../settings.ts'
import type { Category } from '../shop/schemas.ts'
import { CsrfToken, Layout, type LayoutProps } from './layout.tsx'

export type PageProps = Pick<LayoutProps, 'title' | 'q' | 'notice'>

/**
 * Sends one page of the shop: the layout around `body`, with the request's session and CSRF
 * token, and where it is (a page got by a GET: signing in from its header comes back to it).
 */
export function createRenderer(categories: () => Promise<Category[]>, terms: () => ShopTerms) {
  return async (c: WebContext, props: PageProps, body: Child, status = 200) => {
    const page = (
      <CsrfToken.Provider value={c.get('csrf')}>
        <Layout
          {...props}
          session={c.get('session')}
          categories={await categories()}
          returnWindowDays={terms().returnWindowDays}
          here={c.req.method === 'GET' ? hereOf(c) : undefined}
        >
          {body}
        </Layout>
      </CsrfToken.Provider>
    )
    return c.html(`<!doctype html>${await page.toString()}`, status as 200)
  }
}

export type Render = ReturnType<typeof createRenderer>

/**
 * A page that is one form in a panel, as most of the shop's and the back office's are
 * (`render` or `renderAdmin`): its title is the page's and the heading's, and it always
 * shows the form's notice (a refusal's sentence) and answers with the form's status.
 *
 * @example
 *   const signInPage = formPage(render, 'Sign in', (form) => <PostForm action="/signin">…</PostForm>)
 *   app.get('/signin', (c) => signInPage(c, freshForm()))
 */
export const formPage =
  (
    render: (c: WebContext, props: PageProps, body: Child, status?: number) => Promise<Response>,
    title: string,
    body: (form: FormState) => Child | Promise<Child>,
  ) =>
  async (c: WebContext, form: FormState) =>
    render(
      c,
      { title, notice: form.notice },
      <section class="panel">
        <h1>{title}</h1>
        {await body(form)}
      </section>,
      form.status,
    )
