import { Hono } from 'hono'
import { html } from 'hono/html'
import { nodeCheck } from '../api/health-routes.ts'
import type { Catalog } from '../catalog.ts'
import { healthCounts, page, worst } from './layout.ts'

/** Services as Consul's UI shows them: the list with health counts and a filter, one service's instances with tags, meta and checks. */
export function serviceRoutes(catalog: Catalog, dc: string) {
  const app = new Hono()
  const names = () => [...new Set([...catalog.services.values()].map((s) => s.Service))].sort()
  // as Consul's UI counts them: each instance's checks, and once for the service its node's own
  // check (serfHealth), which the development registry's one node always passes
  const statusesOf = (name: string) => {
    const instances = catalog.instancesOf(name)
    const checks = instances.flatMap((s) => catalog.checksOf(s.ID).map((ch) => ch.Status))
    return instances.length ? [nodeCheck(catalog).Status, ...checks] : checks
  }

  app.get('/', (c) => {
    const filter = (c.req.query('filter') ?? '').trim().toLowerCase()
    const shown = names().filter((n) => !filter || n.toLowerCase().includes(filter))
    const body = html`<div class="bar"><h1>Services <small class="crumbs">${names().length} total</small></h1>
<form method="get" action="/ui/${dc}/services" role="search"><label for="filter">Filter</label>
<input id="filter" name="filter" type="search" value="${filter}" placeholder="a service's name"> <button type="submit">Filter</button></form></div>
${
  shown.length === 0
    ? html`<p>${filter ? 'No service matches.' : 'No services registered yet.'}</p>`
    : html`<table><caption class="crumbs" style="text-align:left">Health of each service's checks</caption>
<thead><tr><th scope="col">Service</th><th scope="col">Health checks</th><th scope="col">Instances</th><th scope="col">Tags</th></tr></thead>
<tbody>${shown.map((name) => {
        const instances = catalog.instancesOf(name)
        const tags = [...new Set(instances.flatMap((s) => s.Tags))]
        return html`<tr><td><a href="/ui/${dc}/services/${encodeURIComponent(name)}/instances">${name}</a></td>
<td>${healthCounts(statusesOf(name))}</td><td>${instances.length}</td><td>${tags.map((t) => html`<span class="pill">${t}</span>`)}</td></tr>`
      })}</tbody></table>`
}`
    return c.html(
      c.req.query('fragment') ? body : page({ title: 'Services', section: 'services', dc, live: true }, body),
    )
  })

  app.get('/:name/instances', (c) => {
    const name = c.req.param('name')
    const instances = catalog.instancesOf(name)
    const body = html`<p class="crumbs"><a href="/ui/${dc}/services">Services</a> /</p>
<h1>${name} <small class="crumbs">${healthCounts(statusesOf(name))}</small></h1>
${
  instances.length === 0
    ? html`<p>No instance of ${name} is registered (it may have been deregistered).</p>`
    : instances.map((s) => {
        // the instance's own checks, then its node's, as Consul's UI lists them
        const checks = [...catalog.checksOf(s.ID), nodeCheck(catalog)]
        const state = worst(checks.map((ch) => ch.Status))
        return html`<section aria-labelledby="i-${s.ID}"><h2 id="i-${s.ID}">${s.ID} <small class="${state}">${state}</small></h2>
<table><tbody>
<tr><th scope="row">Address</th><td>${s.Address || catalog.node.Address}:${s.Port}</td></tr>
<tr><th scope="row">Node</th><td><a href="/ui/${dc}/nodes/${encodeURIComponent(catalog.node.Node)}">${catalog.node.Node}</a></td></tr>
<tr><th scope="row">Tags</th><td>${s.Tags.length ? s.Tags.map((t) => html`<span class="pill">${t}</span>`) : 'none'}</td></tr>
<tr><th scope="row">Meta</th><td>${
          Object.keys(s.Meta).length
            ? Object.entries(s.Meta).map(([k, v]) => html`<span class="pill">${k}: ${v}</span>`)
            : 'none'
        }</td></tr>
</tbody></table>
<h3>Health checks</h3>
${
  checks.length === 0
    ? html`<p>No checks.</p>`
    : html`<table><thead><tr><th scope="col">Check</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Output</th></tr></thead><tbody>
${checks.map((ch) => html`<tr><td>${ch.Name}<br><small class="crumbs">${ch.CheckID}${ch.Interval ? ` · every ${ch.Interval}` : ''}</small></td><td>${ch.ServiceID ? ch.Type : 'node (serf)'}</td><td class="${ch.Status}">${ch.Status}</td><td><pre>${ch.Output || ch.Notes || '(no output)'}</pre></td></tr>`)}
</tbody></table>`
}</section>`
      })
}`
    return c.html(c.req.query('fragment') ? body : page({ title: name, section: 'services', dc, live: true }, body))
  })
  app.get('/:name', (c) => c.redirect(`/ui/${dc}/services/${encodeURIComponent(c.req.param('name'))}/instances`))
  return app
}
