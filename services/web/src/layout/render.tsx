/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { WebContext } from '../session/session.ts'
import type { Category } from '../shop/schemas.ts'
import { CsrfToken, Layout, type LayoutProps } from './layout.tsx'

export type PageProps = Pick<LayoutProps, 'title' | 'q' | 'notice'>

/** Sends one page of the shop: the layout around `body`, with the request's session and CSRF token. */
export function createRenderer(categories: () => Promise<Category[]>) {
  return async (c: WebContext, props: PageProps, body: Child, status = 200) => {
    const page = (
      <CsrfToken.Provider value={c.get('csrf')}>
        <Layout {...props} session={c.get('session')} categories={await categories()}>
          {body}
        </Layout>
      </CsrfToken.Provider>
    )
    return c.html(`<!doctype html>${await page.toString()}`, status as 200)
  }
}

export type Render = ReturnType<typeof createRenderer>
