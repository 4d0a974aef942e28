import { html, raw } from 'hono/html'
import libmime from 'libmime'
import type { SearchKind } from './app.ts'
import type { ReadableMail } from './decode.ts'
import type { Message } from './store.ts'

const style = html`<style>
  :root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --brand: #0b5d4b; --wash: #f5f7fa; }
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: var(--ink); }
  header { background: var(--brand); color: #fff; padding: .8rem 1.5rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 1.2rem; margin: 0; } header a { color: #fff; }
  main { padding: 1rem 1.5rem; max-width: 1100px; margin: 0 auto; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  tbody tr:hover { background: var(--wash); } .muted { color: var(--muted); } .new { animation: flash 2s; }
  @keyframes flash { from { background: #fff3c4; } to { background: transparent; } }
  form.search { display: flex; gap: .5rem; flex-wrap: wrap; margin: 0 0 1rem; } input, select, button { font: inherit; padding: .35rem .6rem; }
  button { cursor: pointer; border: 1px solid var(--brand); background: #fff; color: var(--brand); border-radius: 6px; }
  button.danger { border-color: #a61b1b; color: #a61b1b; } .bar { display: flex; justify-content: space-between; gap: 1rem; align-items: center; flex-wrap: wrap; }
  nav.tabs a { display: inline-block; padding: .4rem .9rem; border: 1px solid var(--line); border-bottom: 0; border-radius: 6px 6px 0 0; color: var(--ink); text-decoration: none; }
  .tab { display: none; border: 1px solid var(--line); padding: 1rem; } .tab:target, .tabs:not(:has(.tab:target)) .tab.first { display: block; }
  iframe { width: 100%; height: 70vh; border: 0; background: #fff; } pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
  dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.headers dt { font-weight: 600; } dl.headers dd { margin: 0; word-break: break-word; }
  :focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
  @media (max-width: 600px) { main { padding: .75rem; } .tab { padding: 0; } header { padding: .6rem .75rem; } }
</style>`

/** The tab's icon, in the page (no request of its own): an envelope on the inbox's colour. */
const icon = raw(
  `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5d4b"/><path d="M7 10h18v12H7zM7 10l9 7 9-7" fill="none" stroke="#fff" stroke-width="2"/></svg>')}">`,
)

const frame = (title: string, body: unknown) => html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${icon}${style}</head>
<body><header><h1><a href="/">Shopfront inbox</a></h1><span>SMTP on port 1025 · MailHog API on <a href="/api/v2/messages">/api/v2</a></span></header>
<main>${body}</main></body></html>`

// RFC 2047 encoded words (=?UTF-8?Q?...?=) decoded by libmime, as mailparser decodes the message page's
const subjectOf = (m: Message) => libmime.decodeWords(m.Content.Headers.Subject?.[0] ?? '(no subject)')
const toOf = (m: Message) => m.Raw.To.join(', ')

const row = (m: Message) => html`<tr><td><a href="/messages/${encodeURIComponent(m.ID)}">${subjectOf(m)}</a></td>
<td>${toOf(m)}</td><td class="muted">${m.Raw.From}</td><td class="muted"><time datetime="${m.Created}">${m.Created.slice(0, 19).replace('T', ' ')}</time></td></tr>`

/** The list: newest first, a search (MailHog's kinds), delete all, and new messages added as they arrive. */
export function listPage(
  messages: Message[],
  { kind, query, total }: { kind: SearchKind; query: string; total: number },
) {
  const kinds: [SearchKind, string][] = [
    ['containing', 'Containing'],
    ['to', 'To'],
    ['from', 'From'],
  ]
  return frame(
    'Shopfront inbox',
    html`<div class="bar"><form class="search" method="get" action="/" role="search">
  <label for="kind" class="muted">Search</label>
  <select id="kind" name="kind" aria-label="What to search">${kinds.map(([k, label]) => html`<option value="${k}" ${k === kind ? 'selected' : ''}>${label}</option>`)}</select>
  <input id="query" name="query" type="search" value="${query}" aria-label="Search text" placeholder="an address, a word">
  <button type="submit">Search</button>${query ? html` <a href="/">Show all</a>` : ''}
</form>
<form method="post" action="/delete-all"><button type="submit" class="danger">Delete all messages</button></form></div>
<p class="muted" role="status" id="count">${query ? `${messages.length} of ${total} messages match` : `${total} messages`}</p>
<table><caption class="muted" style="text-align:left">Newest first</caption>
<thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">From</th><th scope="col">Received (UTC)</th></tr></thead>
<tbody id="messages">${messages.map(row)}</tbody></table>
${
  query
    ? ''
    : raw(`<script>
// new messages appear without a reload: MailHog's event stream
const list = document.getElementById('messages'), count = document.getElementById('count')
const text = (s) => { const d = document.createElement('div'); d.textContent = s; return d.innerHTML }
new EventSource('/api/v1/events').onmessage = (e) => {
  const m = JSON.parse(e.data)
  const subject = (m.Content.Headers.Subject || ['(no subject)'])[0]
  const tr = document.createElement('tr'); tr.className = 'new'
  tr.innerHTML = '<td><a href="/messages/' + encodeURIComponent(m.ID) + '">' + text(subject) + '</a></td><td>' + text(m.Raw.To.join(', ')) +
    '</td><td class="muted">' + text(m.Raw.From) + '</td><td class="muted">' + text(m.Created.slice(0, 19).replace('T', ' ')) + '</td>'
  list.prepend(tr)
  count.textContent = list.rows.length + ' messages'
}
</script>`)
}`,
  )
}

/** Links in the e-mail open in a new tab, out of the sandbox. */
const withBase = (body: string) => `<base target="_blank">${body}`

/** One message: as HTML (sandboxed: no scripts, no forms), as plain text, as source; headers and attachments. */
export function messagePage(m: Message, mail: ReadableMail) {
  const tabs: [string, string][] = [
    ...(mail.html ? ([['html', 'HTML']] as [string, string][]) : []),
    ['text', 'Plain text'],
    ['source', 'Source'],
  ]
  return frame(
    mail.subject,
    html`<p><a href="/">All messages</a></p>
<div class="bar"><h2>${mail.subject}</h2>
<form method="post" action="/messages/${encodeURIComponent(m.ID)}/delete"><button type="submit" class="danger">Delete</button></form></div>
<dl class="headers"><dt>From</dt><dd>${mail.from}</dd><dt>To</dt><dd>${mail.to}</dd>
<dt>Date</dt><dd>${mail.date?.toUTCString() ?? m.Created}</dd>
${
  mail.attachments.length
    ? html`<dt>Attachments</dt><dd>${mail.attachments.map(
        (a, i) =>
          html`<a href="/messages/${encodeURIComponent(m.ID)}/attachments/${i}">${a.filename}</a> <span class="muted">(${a.contentType}, ${Math.ceil(a.size / 1024)} KB)</span> `,
      )}</dd>`
    : ''
}</dl>
<div class="tabs"><nav class="tabs" aria-label="Views of the message">${tabs.map(([id, label]) => html`<a href="#${id}">${label}</a>`)}</nav>
${mail.html ? html`<section class="tab first" id="html" aria-label="HTML"><iframe title="The message as HTML" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${withBase(mail.html)}"></iframe></section>` : ''}
<section class="tab ${mail.html ? '' : 'first'}" id="text" aria-label="Plain text"><pre>${mail.text ?? '(no plain text part)'}</pre></section>
<section class="tab" id="source" aria-label="Source"><h3>Headers</h3><dl class="headers">${Object.entries(
      m.Content.Headers,
    ).map(
      ([k, v]) => html`<dt>${k}</dt><dd>${v.join(' | ')}</dd>`,
    )}</dl><h3>Raw message</h3><pre>${m.Raw.Data}</pre></section></div>`,
  )
}
