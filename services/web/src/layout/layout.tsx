/** @jsxImportSource hono/jsx */
import { createContext, useContext, type Child } from 'hono/jsx'
import { freeReturns } from '@shopfront/kit'
import type { Category } from '../shop/schemas.ts'
import { isStaff, onTo } from '../session/session.ts'
import type { Session } from '../session/sessions.repo.ts'
import { assetUrl } from './assets.ts'

export interface LayoutProps {
  title: string
  session?: Session
  categories: Category[]
  /** The shop's return window, said in the footer. */
  returnWindowDays: number
  /** The search box's text (the catalog page keeps it). */
  q?: string
  /** The page's own path and query: where signing in from its header comes back to. */
  here?: string
  /**
   * A message at the top of the page: a notice (saved, added) or an alert (something failed).
   * `fromQuery` names the address's parameters that brought it (`?placed=1` after a redirect):
   * the browser drops them once it is shown, so a reload or a shared link does not say it again.
   */
  notice?: { kind: 'ok' | 'alert'; text: string; fromQuery?: string[] }
  children: Child
}

/** The pages of signing in and making an account: signing in from one of them comes back home, not to it. */
const accountPage = /^\/(signin|register|verify|password-reset)(\/|\?|$)/

/** The shop's one page frame: skip link, header with search, category navigation, main, footer. */
export function Layout({ title, session, categories, returnWindowDays, q, here, notice, children }: LayoutProps) {
  return (
    <PageFrame
      title={`${title} · Shopfront`}
      notice={notice}
      header={
        <>
          <div class="bar">
            <a class="brand" href="/">
              Shopfront
            </a>
            <search class="search">
              <form action="/products" method="get">
                <label for="q" class="visually-hidden">
                  Search products
                </label>
                <input
                  id="q"
                  name="q"
                  type="search"
                  value={q ?? ''}
                  placeholder="Search products"
                  maxlength={200}
                  list="q-suggestions"
                  autocomplete="off"
                />
                <datalist id="q-suggestions" />
                <button type="submit">Search</button>
              </form>
            </search>
            <nav class="account" aria-label="Account">
              <a href="/cart">Cart{session?.cartCount ? <span class="count">{` (${session.cartCount})`}</span> : ''}</a>
              {session?.user ? (
                <>
                  <a href="/orders">Orders</a>
                  <a href="/tickets">Help</a>
                  <a href="/account">{session.user.name}</a>
                  {isStaff(session.user.roles) && <a href="/admin">Back office</a>}
                </>
              ) : (
                <a href={onTo('/signin', accountPage.test(here ?? '') ? undefined : here)}>Sign in</a>
              )}
            </nav>
          </div>
          {categories.length > 0 && (
            <nav class="categories" aria-label="Categories">
              <ul>
                {categories.map((cat) => (
                  <li>
                    <a href={`/products?category=${encodeURIComponent(cat.slug)}`}>{cat.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </>
      }
      footer={
        <footer class="bottom">
          <p>{`Shopfront · prices in US dollars · ${freeReturns(returnWindowDays)}`}</p>
          {session?.user && <SignOut />}
        </footer>
      }
    >
      {children}
    </PageFrame>
  )
}

/**
 * The frame of every page, the shop's and the back office's: the head, a skip link, the
 * header given, the main part with the page's notice above it, and the footer given.
 */
export function PageFrame(props: {
  title: string
  notice?: LayoutProps['notice']
  header: Child
  footer?: Child
  /** The body's class (the back office's look). */
  class?: string
  children: Child
}) {
  return (
    <html lang="en">
      <PageHead title={props.title} />
      <body class={props.class}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">{props.header}</header>
        <main id="main" tabindex={-1}>
          <Notice notice={props.notice} />
          {props.children}
        </main>
        {props.footer}
      </body>
    </html>
  )
}

/** Signing out: a POST with the CSRF token, shown as a link. */
export function SignOut({ light = false }: { light?: boolean }) {
  return (
    <form method="post" action="/signout" class="inline">
      <CsrfField />
      <button type="submit" class={light ? 'link light' : 'link'}>
        Sign out
      </button>
    </form>
  )
}

/** The head of every page, the shop's and the back office's: the one stylesheet, the one script, the icon. */
export function PageHead({ title }: { title: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      <link rel="stylesheet" href={assetUrl('shop.css')} />
      <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
      <script src={assetUrl('shop.js')} defer />
    </head>
  )
}

/** A page's message at the top of its main part: a notice (saved, sent) or an alert (refused, failed), read out by screen readers. */
export function Notice({ notice }: { notice?: LayoutProps['notice'] }) {
  if (!notice) return null
  return (
    <p
      class={`notice ${notice.kind}`}
      role={notice.kind === 'alert' ? 'alert' : 'status'}
      data-from-query={notice.fromQuery?.join(' ')}
    >
      {notice.text}
    </p>
  )
}

/** The request's CSRF token while its page renders (`render` provides it). */
export const CsrfToken = createContext('')

/** The CSRF token every form posts. */
export function CsrfField() {
  return <input type="hidden" name="_csrf" value={useContext(CsrfToken)} />
}
