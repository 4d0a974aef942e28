import { Hono } from 'hono'
import { html } from 'hono/html'
import type { Message, MessageStore } from './store.ts'

const page = (items: Message[], start: number, total: number) => ({ total, count: items.length, start, items })

function pageOf(c: { req: { query(name: string): string | undefined } }) {
  const start = Math.max(0, Number.parseInt(c.req.query('start') ?? '0', 10) || 0)
  const limit = Math.min(250, Math.max(1, Number.parseInt(c.req.query('limit') ?? '50', 10) || 50))
  return { start, limit }
}

/**
 * The inbox's HTTP side: MailHog's API (v2 list and search, v1 read and delete) and a page
 * listing and showing messages, so tests and people read mail as they would in MailHog.
 *
 * @example
 *   const app = createInboxApp(store)   // GET /api/v2/search?kind=to&query=ann@example.com
 */
export function createInboxApp(store: MessageStore) {
  const app = new Hono()
  app.get('/api/v2/messages', (c) => {
    const { start, limit } = pageOf(c)
    const all = store.all()
    return c.json(page(all.slice(start, start + limit), start, all.length))
  })
  app.get('/api/v2/search', (c) => {
    const kind = c.req.query('kind')
    const query = (c.req.query('query') ?? '').toLowerCase()
    if (!['from', 'to', 'containing'].includes(kind ?? '') || !query)
      return c.text('kind (from, to, containing) and query are required', 400)
    const address = (p: { Mailbox: string; Domain: string }) => `${p.Mailbox}@${p.Domain}`.toLowerCase()
    const found = store
      .all()
      .filter((m) =>
        kind === 'from'
          ? address(m.From).includes(query) ||
            (m.Content.Headers.From ?? []).some((h) => h.toLowerCase().includes(query))
          : kind === 'to'
            ? m.To.some((p) => address(p).includes(query)) ||
              (m.Content.Headers.To ?? []).some((h) => h.toLowerCase().includes(query))
            : m.Raw.Data.toLowerCase().includes(query),
      )
    const { start, limit } = pageOf(c)
    return c.json(page(found.slice(start, start + limit), start, found.length))
  })
  app.get('/api/v1/messages', (c) => c.json(store.all()))
  app.get('/api/v1/messages/:id', (c) => {
    const message = store.get(c.req.param('id'))
    return message ? c.json(message) : c.text('message not found', 404)
  })
  app.delete('/api/v1/messages', (c) => {
    store.clear()
    return c.body(null, 200)
  })
  app.delete('/api/v1/messages/:id', (c) =>
    store.delete(c.req.param('id')) ? c.body(null, 200) : c.text('message not found', 404),
  )

  app.get('/', (c) => c.html(listPage(store.all())))
  app.get('/messages/:id', (c) => {
    const message = store.get(c.req.param('id'))
    return message ? c.html(messagePage(message)) : c.text('message not found', 404)
  })
  return app
}

const style = html`<style>
  body { font: 14px system-ui, sans-serif; margin: 2rem; color: #1f2933; } table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e4e7eb; } pre { white-space: pre-wrap; background: #f5f7fa; padding: 1rem; }
</style>`

const subject = (m: Message) => m.Content.Headers.Subject?.[0] ?? '(no subject)'

function listPage(messages: Message[]) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shopfront inbox</title>${style}
<meta http-equiv="refresh" content="5"></head><body><h1>Shopfront inbox <small>(${messages.length} messages; MailHog API on /api)</small></h1>
<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr>
${messages.map((m) => html`<tr><td>${m.Created}</td><td>${m.Raw.From}</td><td>${m.Raw.To.join(', ')}</td><td><a href="/messages/${encodeURIComponent(m.ID)}">${subject(m)}</a></td></tr>`)}
</table></body></html>`
}

function messagePage(m: Message) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject(m)}</title>${style}</head><body>
<p><a href="/">All messages</a></p><h1>${subject(m)}</h1>
<table>${Object.entries(m.Content.Headers).map(([k, v]) => html`<tr><th>${k}</th><td>${v.join(', ')}</td></tr>`)}</table>
<pre>${m.Content.Body}</pre></body></html>`
}
