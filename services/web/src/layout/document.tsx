/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { WebContext } from '../session/session.ts'
import { PageHead } from './layout.tsx'

/**
 * A page to print (a receipt, a packing slip): the document alone, without the shop's
 * header, navigation or footer, on white; above it, a way back and a Print button (the page's
 * script shows it; without it the browser's own Print, which also saves a PDF), neither printed.
 */
export async function renderDocument(c: WebContext, { title, back }: { title: string; back: string }, body: Child) {
  const page = (
    <html lang="en">
      <PageHead title={`${title} · Shopfront`} />
      <body class="document">
        <main id="main">
          <p class="no-print actions start">
            <a href={back}>Back</a>
            <button type="button" data-print hidden>
              Print
            </button>
          </p>
          {body}
        </main>
      </body>
    </html>
  )
  return c.html(`<!doctype html>${await page.toString()}`)
}
