import { Hono } from 'hono'
import { html } from 'hono/html'
import type { Catalog } from '../catalog.ts'
import { healthCounts, page } from './layout.ts'

/** Nodes as Consul's UI lists them: the development registry is one node, with every instance on it. */
export function nodeRoutes(catalog: Catalog, dc: string) {
  const app = new Hono()
  const all = () => [...catalog.services.values()]
  const statuses = () => all().flatMap((s) => catalog.checksOf(s.ID).map((ch) => ch.Status))

  app.get('/', (c) => {
    const { Node, Address } = catalog.node
    const body = html`<h1>Nodes <small class="crumbs">1 total</small></h1>
<table><thead><tr><th scope="col">Node</th><th scope="col">Address</th><th scope="col">Health checks</th><th scope="col">Service instances</th></tr></thead>
<tbody><tr><td><a href="/ui/${dc}/nodes/${encodeURIComponent(Node)}">${Node}</a></td><td>${Address}</td><td>${healthCounts(statuses())}</td><td>${all().length}</td></tr></tbody></table>`
    return c.html(c.req.query('fragment') ? body : page({ title: 'Nodes', section: 'nodes', dc, live: true }, body))
  })

  app.get('/:node', (c) => {
    const { Node, Address, ID } = catalog.node
    if (c.req.param('node') !== Node)
      return c.html(
        page(
          { title: 'Not found', section: 'nodes', dc },
          html`<h1>No node ${c.req.param('node')}</h1><p><a href="/ui/${dc}/nodes">All nodes</a></p>`,
        ),
        404,
      )
    const body = html`<p class="crumbs"><a href="/ui/${dc}/nodes">Nodes</a> /</p><h1>${Node}</h1>
<p>Address ${Address} · ID <code>${ID}</code> · ${healthCounts(statuses())}</p>
<h2>Service instances</h2>
<table><thead><tr><th scope="col">Instance</th><th scope="col">Service</th><th scope="col">Port</th><th scope="col">Health checks</th></tr></thead><tbody>
${all()
  .sort((a, b) => (a.ID < b.ID ? -1 : 1))
  .map(
    (
      s,
    ) => html`<tr><td>${s.ID}</td><td><a href="/ui/${dc}/services/${encodeURIComponent(s.Service)}/instances">${s.Service}</a></td><td>${s.Port}</td>
<td>${healthCounts(catalog.checksOf(s.ID).map((ch) => ch.Status))}</td></tr>`,
  )}</tbody></table>`
    return c.html(c.req.query('fragment') ? body : page({ title: Node, section: 'nodes', dc, live: true }, body))
  })
  return app
}
