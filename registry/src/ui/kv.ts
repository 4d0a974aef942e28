import { type Context, Hono } from 'hono'
import { html } from 'hono/html'
import type { KvStore } from '../kv.ts'
import { page } from './layout.ts'

const decode = (value: string | null) => (value === null ? '' : Buffer.from(value, 'base64').toString('utf8'))
/** Path segments each encoded, the slashes kept: a key's URL. */
const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/')

/**
 * Consul's Key/Value browser: folders (keys up to the next `/`), a key's value to read and
 * edit, a new key (in the folder shown), delete. The forms post only from this page's own
 * origin (a form from another site is refused).
 */
export function kvRoutes(kv: KvStore, dc: string) {
  const app = new Hono()
  const base = `/ui/${dc}/kv`
  const sameOrigin = (origin: string | undefined, url: string) => !origin || origin === new URL(url).origin

  const folder = (prefix: string, notice?: string) => {
    const keys = kv.keys(prefix, '/')
    const parts = prefix.split('/').filter(Boolean)
    return page(
      { title: prefix || 'Key/Value', section: 'kv', dc },
      html`<p class="crumbs"><a href="${base}/">Key/Value</a> / ${parts.map(
        (p, i) => html`<a href="${base}/${keyPath(parts.slice(0, i + 1).join('/'))}/">${p}</a> / `,
      )}</p>
<div class="bar"><h1>${prefix || 'Key/Value'}</h1></div>
${notice ? html`<p role="status">${notice}</p>` : ''}
${
  keys.length === 0
    ? html`<p>No keys here yet.</p>`
    : html`<table><thead><tr><th scope="col">Key</th><th scope="col">Kind</th></tr></thead><tbody>
${keys.map((k) => {
  const isFolder = k.endsWith('/')
  const label = k.slice(prefix.length)
  return html`<tr><td><a href="${base}/${keyPath(k)}${isFolder ? '' : '/edit'}">${label}</a></td><td>${isFolder ? 'folder' : 'key'}</td></tr>`
})}</tbody></table>`
}
<h2>Create a key</h2>
<form method="post" action="${base}/create">
<p><label for="key">Key (a trailing / makes a folder)</label><br><input id="key" name="key" value="${prefix}" size="60" required></p>
<p><label for="value">Value</label><br><textarea id="value" name="value" rows="5"></textarea></p>
<button type="submit">Save</button></form>`,
    )
  }

  const editor =
    (key: string, status = 200, notice?: string) =>
    (c: Context) => {
      const entry = kv.get(key)
      const parent = key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : ''
      if (!entry)
        return c.html(
          page(
            { title: 'Not found', section: 'kv', dc },
            html`<h1>No key ${key}</h1><p><a href="${base}/${keyPath(parent)}">Back</a></p>`,
          ),
          404,
        )
      return c.html(
        page(
          { title: key, section: 'kv', dc },
          html`<p class="crumbs"><a href="${base}/">Key/Value</a> / <a href="${base}/${keyPath(parent)}">${parent || '(top)'}</a></p>
<h1>${key}</h1>${notice ? html`<p role="status">${notice}</p>` : ''}
<form method="post" action="${base}/${keyPath(key)}/edit">
<p><label for="value">Value</label><br><textarea id="value" name="value" rows="12">${decode(entry.Value)}</textarea></p>
<input type="hidden" name="cas" value="${entry.ModifyIndex}">
<button type="submit">Save</button> <small class="crumbs">ModifyIndex ${entry.ModifyIndex} · flags ${entry.Flags}</small></form>
<form method="post" action="${base}/${keyPath(key)}/delete" class="inline"><p><button type="submit" class="danger">Delete ${key}</button></p></form>`,
        ),
        status as 200 | 409,
      )
    }

  app.post('/create', async (c) => {
    if (!sameOrigin(c.req.header('origin'), c.req.url)) return c.text('forbidden', 403)
    const form = await c.req.parseBody()
    const key = String(form.key ?? '')
      .trim()
      .replace(/^\/+/, '')
    if (!key) return c.html(folder('', 'A key needs a name.'), 400)
    kv.set(key, new TextEncoder().encode(String(form.value ?? '')))
    return c.redirect(key.endsWith('/') ? `${base}/${keyPath(key)}` : `${base}/${keyPath(key)}/edit`, 303)
  })
  app.get('/*', (c) => {
    const path = decodeURIComponent(c.req.path.slice(base.length + 1))
    if (path.endsWith('/edit')) return editor(path.slice(0, -'/edit'.length))(c)
    // the top (`/ui/dc1/kv/`) is the empty prefix; any other folder ends with a slash
    return c.html(folder(path === '' || path.endsWith('/') ? path : `${path}/`))
  })
  app.post('/*', async (c) => {
    if (!sameOrigin(c.req.header('origin'), c.req.url)) return c.text('forbidden', 403)
    const path = decodeURIComponent(c.req.path.slice(base.length + 1))
    const form = await c.req.parseBody()
    if (path.endsWith('/delete')) {
      const key = path.slice(0, -'/delete'.length)
      kv.delete(key)
      const parent = key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : ''
      return c.redirect(`${base}/${keyPath(parent)}`, 303)
    }
    if (path.endsWith('/edit')) {
      const key = path.slice(0, -'/edit'.length)
      // saved only over the value this page showed: someone else's change in between is not overwritten
      const saved = kv.set(key, new TextEncoder().encode(String(form.value ?? '')), { cas: Number(form.cas) })
      return saved
        ? c.redirect(`${base}/${keyPath(key)}/edit`, 303)
        : editor(key, 409, 'Not saved: the key changed since this page was opened. Here is its value now.')(c)
    }
    return c.text('not found', 404)
  })
  return app
}
