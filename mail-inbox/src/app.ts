import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { readMail } from './decode.ts'
import { listPage, messagePage } from './pages.ts'
import type { Message, MessageStore } from './store.ts'

const page = (items: Message[], start: number, total: number) => ({ total, count: items.length, start, items })

function pageOf(c: { req: { query(name: string): string | undefined } }) {
  const start = Math.max(0, Number.parseInt(c.req.query('start') ?? '0', 10) || 0)
  const limit = Math.min(250, Math.max(1, Number.parseInt(c.req.query('limit') ?? '50', 10) || 50))
  return { start, limit }
}

export type SearchKind = 'from' | 'to' | 'containing'

/** MailHog's search: `from` and `to` match the envelope or the header, `containing` the whole raw message. */
export function search(messages: Message[], kind: SearchKind, text: string): Message[] {
  const query = text.toLowerCase()
  const address = (p: { Mailbox: string; Domain: string }) => `${p.Mailbox}@${p.Domain}`.toLowerCase()
  const header = (m: Message, name: string) =>
    (m.Content.Headers[name] ?? []).some((h) => h.toLowerCase().includes(query))
  return messages.filter((m) =>
    kind === 'from'
      ? address(m.From).includes(query) || header(m, 'From')
      : kind === 'to'
        ? m.To.some((p) => address(p).includes(query)) || header(m, 'To')
        : m.Raw.Data.toLowerCase().includes(query),
  )
}
const isKind = (kind: string | undefined): kind is SearchKind => ['from', 'to', 'containing'].includes(kind ?? '')

/**
 * The inbox's HTTP side: MailHog's API (v2 list and search, v1 read, delete and the event
 * stream) and the page people read mail on: a live list with search, each message as
 * rendered HTML (sandboxed), plain text and source, with its headers and attachments.
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
    const query = c.req.query('query') ?? ''
    if (!isKind(kind) || !query) return c.text('kind (from, to, containing) and query are required', 400)
    const found = search(store.all(), kind, query)
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
  // MailHog's event stream: each new message as it arrives (the page's live list uses it)
  app.get('/api/v1/events', (c) =>
    streamSSE(c, async (stream) => {
      const queue: Message[] = []
      let wake = () => {}
      const unsubscribe = store.subscribe((m) => {
        queue.push(m)
        wake()
      })
      stream.onAbort(unsubscribe)
      // a first line at once, so the client has the response before any message comes
      await stream.write(': connected\n\n')
      while (!stream.aborted) {
        const next = queue.shift()
        if (next) await stream.writeSSE({ data: JSON.stringify(next) })
        else
          await Promise.race([
            new Promise<void>((r) => {
              wake = r
            }),
            stream.sleep(25_000).then(() => stream.write(': keepalive\n\n')),
          ])
      }
      unsubscribe()
    }),
  )

  app.get('/', (c) => {
    const kind = c.req.query('kind')
    const query = c.req.query('query')?.trim() ?? ''
    const shown = isKind(kind) && query ? search(store.all(), kind, query) : store.all()
    return c.html(
      listPage(shown.slice(0, 250), { kind: isKind(kind) ? kind : 'containing', query, total: store.all().length }),
    )
  })
  app.get('/messages/:id', async (c) => {
    const message = store.get(c.req.param('id'))
    return message ? c.html(messagePage(message, await readMail(message))) : c.html(notFound, 404)
  })
  app.get('/messages/:id/attachments/:n', async (c) => {
    const message = store.get(c.req.param('id'))
    const attachment = message && (await readMail(message)).attachments[Number(c.req.param('n'))]
    if (!attachment) return c.html(notFound, 404)
    return c.body(new Uint8Array(attachment.content), 200, {
      'content-type': attachment.contentType,
      'content-disposition': `attachment; filename="${attachment.filename.replace(/["\\\r\n]/g, '_')}"`,
    })
  })
  // the page's delete buttons (forms post); only from the inbox's own page
  app.post('/messages/:id/delete', (c) => {
    if (!sameOrigin(c.req.header('origin'), c.req.url)) return c.text('forbidden', 403)
    store.delete(c.req.param('id'))
    return c.redirect('/', 303)
  })
  app.post('/delete-all', (c) => {
    if (!sameOrigin(c.req.header('origin'), c.req.url)) return c.text('forbidden', 403)
    store.clear()
    return c.redirect('/', 303)
  })
  return app
}

const notFound =
  '<!doctype html><title>Not found</title><p>That message is not in the inbox (any more). <a href="/">All messages</a></p>'

/** A browser's form from another site (its Origin) may not delete mail; no Origin (curl, old browsers) is let through. */
const sameOrigin = (origin: string | undefined, url: string) => !origin || origin === new URL(url).origin
