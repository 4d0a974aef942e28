import { Hono } from 'hono'
import { html, raw } from 'hono/html'
import type { Catalog } from './catalog.ts'

/** /ui: every service, its instances and their checks with status and output, refreshed every 2 s. */
export function uiRoutes(catalog: Catalog) {
  const app = new Hono()
  app.get('/', (c) => c.redirect('/ui/'))
  app.get('/ui', (c) => c.redirect('/ui/'))
  app.get('/ui/', (c) => c.html(page(servicesTable(catalog))))
  app.get('/ui/fragment', (c) => c.html(servicesTable(catalog)))
  return app
}

function servicesTable(catalog: Catalog) {
  const names = [...new Set([...catalog.services.values()].map((s) => s.Service))].sort()
  if (names.length === 0) return html`<p class="empty">No services registered yet.</p>`
  return html`${names.map((name) => {
    const instances = catalog.instancesOf(name)
    const checks = instances.flatMap((s) => catalog.checksOf(s.ID))
    const passing = instances.filter((s) => catalog.checksOf(s.ID).every((ch) => ch.Status === 'passing')).length
    return html`<section>
      <h2>${name} <small>${passing}/${instances.length} healthy instances, ${checks.length} checks</small></h2>
      <table>
        <tr><th>Instance</th><th>Address</th><th>Tags</th><th>Check</th><th>Status</th><th>Output</th></tr>
        ${instances.map((s) => {
          const own = catalog.checksOf(s.ID)
          const rows = own.length ? own : [undefined]
          return rows.map(
            (ch) => html`<tr>
              <td>${s.ID}</td><td>${s.Address || catalog.node.Address}:${s.Port}</td><td>${s.Tags.join(', ')}</td>
              <td>${ch?.Name ?? '(no checks)'}</td>
              <td><span class="status ${ch?.Status ?? 'passing'}">${ch?.Status ?? 'passing'}</span></td>
              <td><code>${ch?.Output ?? ''}</code></td>
            </tr>`,
          )
        })}
      </table>
    </section>`
  })}`
}

function page(body: unknown) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shopfront registry</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px system-ui, sans-serif; margin: 2rem; color: #1f2933; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; } small { color: #616e7c; font-weight: normal; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
  code { white-space: pre-wrap; word-break: break-all; font-size: 12px; color: #52606d; }
  .status { padding: .1rem .45rem; border-radius: 3px; color: white; }
  .passing { background: #2f9e44; } .warning { background: #e67700; } .critical { background: #c92a2a; }
</style></head>
<body><h1>Shopfront development registry <small>(Consul HTTP API on /v1)</small></h1>
<div id="services">${body}</div>
<script>${raw(`setInterval(async () => {
  try { const r = await fetch('/ui/fragment'); if (r.ok) document.getElementById('services').innerHTML = await r.text() } catch {}
}, 2000)`)}</script>
</body></html>`
}
