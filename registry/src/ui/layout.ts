import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

type Body = HtmlEscapedString | Promise<HtmlEscapedString>

const style = html`<style>
  :root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --nav: #1a2433; --brand: #dc477d; }
  body { font: 14px/1.5 system-ui, sans-serif; margin: 0; color: var(--ink); display: flex; min-height: 100vh; }
  nav.side { background: var(--nav); color: #cbd2d9; width: 210px; flex: none; padding: 1rem 0; }
  nav.side .dc { padding: 0 1.2rem 1rem; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
  nav.side a { display: block; color: #e4e7eb; text-decoration: none; padding: .45rem 1.2rem; }
  nav.side a[aria-current="page"] { background: #323f4b; border-left: 3px solid var(--brand); }
  main { flex: 1; padding: 1.2rem 2rem; min-width: 0; }
  h1 { font-size: 1.5rem; margin: .2rem 0 1rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
  .crumbs { color: var(--muted); } .crumbs a { color: var(--muted); }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; }
  .health { display: inline-flex; gap: .6rem; } .count { font-weight: 600; }
  .passing { color: #1d6b36; } .warning { color: #8a4b00; } .critical { color: #a3261b; }
  .pill { display: inline-block; padding: 0 .45rem; border-radius: 3px; background: #f0f4f8; margin: 0 .2rem .2rem 0; font-size: 12px; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f5f7fa; padding: .6rem; margin: .3rem 0; font-size: 12px; }
  form.inline { display: inline; } input, textarea, button { font: inherit; padding: .35rem .5rem; }
  textarea { width: 100%; font-family: ui-monospace, monospace; }
  button { cursor: pointer; } .danger { color: #a3261b; }
  .bar { display: flex; gap: 1rem; align-items: center; justify-content: space-between; flex-wrap: wrap; }
  :focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
  @media (max-width: 700px) { body { flex-direction: column; } nav.side { width: auto; display: flex; flex-wrap: wrap; } }
</style>`

const sections = [
  ['services', 'Services'],
  ['nodes', 'Nodes'],
  ['kv', 'Key/Value'],
] as const

/** The tab's icon, in the page (no request of its own): a ring on the registry's colour. */
const icon = raw(
  `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#c62a71"/><circle cx="16" cy="16" r="7" fill="none" stroke="#fff" stroke-width="3"/></svg>')}">`,
)

/**
 * One page of the registry's UI, laid out as Consul's: the datacenter and its sections on
 * the left. `live`: the page's main part is fetched again every 2 s (the same URL with
 * `?fragment=1`), as Consul's UI keeps its lists current.
 */
export function page(
  {
    title,
    section,
    dc,
    live = false,
  }: { title: string; section: (typeof sections)[number][0]; dc: string; live?: boolean },
  body: Body,
) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - Shopfront registry</title>${icon}${style}</head>
<body><nav class="side" aria-label="Sections"><div class="dc">Datacenter ${dc}</div>
${sections.map(([key, label]) => html`<a href="/ui/${dc}/${key}${key === 'kv' ? '/' : ''}" ${key === section ? raw('aria-current="page"') : ''}>${label}</a>`)}
</nav><main id="main">${body}</main>
${
  live
    ? raw(`<script>
setInterval(async () => {
  if (document.activeElement && document.activeElement.matches('input, textarea')) return
  const url = new URL(location.href); url.searchParams.set('fragment', '1')
  try { const r = await fetch(url); if (r.ok) document.getElementById('main').innerHTML = await r.text() } catch {}
}, 2000)
</script>`)
    : ''
}</body></html>`
}

/** The worst of some checks' statuses, as Consul shows an instance's health. */
export function worst(statuses: string[]): 'passing' | 'warning' | 'critical' {
  return statuses.includes('critical') ? 'critical' : statuses.includes('warning') ? 'warning' : 'passing'
}

/** Passing, warning and critical counts, each with its colour (as Consul's service list shows them). */
export function healthCounts(statuses: string[]) {
  const count = (s: string) => statuses.filter((x) => x === s).length
  return html`<span class="health">${(['passing', 'warning', 'critical'] as const).map(
    (s) => html`<span class="${s}" title="${s}"><span class="count">${count(s)}</span> ${s}</span>`,
  )}</span>`
}
