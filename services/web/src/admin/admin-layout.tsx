/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import { CsrfToken, PageFrame, SignOut } from '../layout/layout.tsx'
import { Confirm, type Question } from '../layout/confirm.tsx'
import type { PageProps } from '../layout/render.tsx'
import { signedInSession, type WebContext } from '../session/session.ts'

/** The back office's sections, and who may open each. */
const sections: { href: string; label: string; admin?: boolean }[] = [
  { href: '/admin', label: 'Dashboard' },
  { href: '/admin/orders', label: 'Orders' },
  { href: '/admin/tickets', label: 'Support' },
  { href: '/admin/reviews', label: 'Reviews' },
  { href: '/admin/reports', label: 'Reports' },
  { href: '/admin/products', label: 'Catalog', admin: true },
  { href: '/admin/promotions', label: 'Promotions', admin: true },
  { href: '/admin/users', label: 'Users', admin: true },
]

export const isAdmin = (roles: string[]) => roles.includes('admin')

/** Where staff open a product: the catalog's page for admins, the shop's for agents (the catalog's pages are not theirs). */
export const productHref = (admin: boolean, id: string) => (admin ? `/admin/products/${id}` : `/products/${id}`)

/** The back office's frame: its own header and navigation (what the role may open), the shop's stylesheet. */
function AdminLayout({
  title,
  notice,
  user,
  path,
  children,
}: PageProps & { user: { name: string; roles: string[] }; path: string; children: Child }) {
  const current = (href: string) => (href === '/admin' ? path === '/admin' : path.startsWith(href))
  return (
    <PageFrame
      title={`${title} · Shopfront back office`}
      notice={notice}
      class="office"
      header={
        <>
          <div class="bar">
            <a class="brand" href="/admin">
              Shopfront <span class="muted-light">back office</span>
            </a>
            <nav class="account" aria-label="Account">
              <a href="/">The shop</a>
              <span>{`${user.name} (${isAdmin(user.roles) ? 'admin' : 'support'})`}</span>
              <SignOut light />
            </nav>
          </div>
          <nav class="categories sections" aria-label="Back office">
            <ul>
              {sections
                .filter((s) => !s.admin || isAdmin(user.roles))
                .map((s) => (
                  <li>
                    <a href={s.href} aria-current={current(s.href) ? 'page' : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
        </>
      }
    >
      {children}
    </PageFrame>
  )
}

/** Sends one back-office page: the frame around `body`, with the staff member and the CSRF token. */
export async function renderAdmin(c: WebContext, props: PageProps, body: Child, status = 200) {
  const user = signedInSession(c).user
  const page = (
    <CsrfToken.Provider value={c.get('csrf')}>
      <AdminLayout {...props} user={user} path={c.req.path}>
        {body}
      </AdminLayout>
    </CsrfToken.Provider>
  )
  return c.html(`<!doctype html>${await page.toString()}`, status as 200)
}

/** The back office's page that asks before an action (the question is also the page's title). */
export function askFirst(c: WebContext, question: Question) {
  return renderAdmin(c, { title: question.question }, <Confirm {...question} />)
}
