import { describe, expect, it } from 'vitest'
import { startWeb } from './testing.ts'

const web = await startWeb()
type Browser = ReturnType<typeof web.browser>

/** Set in a page, this is what an unescaped value would look like. */
const injected = '<script>alert(1)</script>'
/** What a careless or hostile visitor types into a field, a query or a path. */
const junk = [
  '',
  ' ',
  'x',
  '-1',
  '0',
  '1e400',
  '99999999999999999999',
  'a'.repeat(20_000),
  '\u0000',
  '\ud800',
  '2026-13-45',
  '%',
  '../../etc/passwd',
  injected,
]
/** The junk a query value or an id gets: the kinds that differ for a URL (a form takes all of `junk`). */
const urlJunk = ['', 'x', '-1', '99999999999999999999', 'a'.repeat(20_000), '\u0000', '\ud800', '%', injected]
/** A junk value as a path segment (a lone surrogate as the invalid UTF-8 a client can still send). */
const segment = (value: string) => (value === '\ud800' ? '%ED%A0%80' : encodeURIComponent(value))

const { signedIn } = web

// something of each kind to open and act on: ann's orders at each step, a return and a question, a promotion
for (const status of ['paid', 'shipped', 'delivered', 'cancelled'] as const) web.orderIn(status)
const ann = await signedIn('ann@example.com')
const delivered = web.orderIn('delivered')
const item = delivered.items[0]?.productId ?? ''
// a return of one of its two (the form's numbers, as the page gives them)
const returned = await ann.post('/tickets', {
  type: 'return',
  orderId: delivered.id,
  itemsOf: delivered.id,
  [`return-${item}`]: '1',
  subject: 'Return',
  message: 'Too dark.',
})
if (returned.status !== 303) throw new Error(`the return was not opened: ${returned.status}`)
await ann.post('/tickets', { type: 'inquiry', orderId: '', subject: 'Beans', message: 'Decaf?' })
const campaign = { kind: 'percent', value: '15', minOrder: '', startsAt: '', endsAt: '', maxRedemptions: '' }
await (await signedIn('admin@example.com')).post('/admin/promotions', {
  ...campaign,
  code: 'SPRING15',
  subject: 'Spring',
  body: 'Fifteen off.',
})

const decode = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

interface Form {
  action: string
  fields: Record<string, string>
}

/** The links and the POST forms of a page (fields with the values the page gives them). */
function partsOf(html: string, at: string) {
  const links = [...html.matchAll(/href="(\/[^"#]*)"/g)].map((m) => decode(m[1] ?? ''))
  const forms: Form[] = []
  for (const [, attrs = '', inner = ''] of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/method="post"/i.test(attrs)) continue
    const action = decode(/action="([^"]*)"/.exec(attrs)?.[1] ?? at)
    const fields: Record<string, string> = {}
    for (const [tag = ''] of inner.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1]
      if (name && name !== '_csrf') fields[decode(name)] = decode(/value="([^"]*)"/.exec(tag)?.[1] ?? '')
    }
    forms.push({ action, fields })
  }
  return { links, forms }
}

/** A path's shape, ids and numbers folded, so that one of each kind of page is read. */
const shapeOf = (path: string) =>
  path
    .split('?')[0]
    ?.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')
    .replace(/\bSF-\d+/gi, ':number')
    .replace(/\d+/g, ':n')

/** Every page a signed-in browser reaches from the start pages by links, one of each shape (and its POST forms). */
async function crawl(browser: Browser, start: string[]) {
  const seen = new Map<string, number>()
  const visited = new Set<string>()
  const pages: string[] = []
  const forms = new Map<string, Form>()
  const queue = [...start]
  while (queue.length && pages.length < 150) {
    const path = queue.shift() ?? '/'
    // up to four of a shape: an order's page differs with its status
    const shape = `${shapeOf(path)}?${path.includes('?')}`
    if (visited.has(path) || (seen.get(shape) ?? 0) >= 4 || /^\/(assets|signout)|\.(css|js|csv|svg|png)$/.test(path))
      continue
    visited.add(path)
    seen.set(shape, (seen.get(shape) ?? 0) + 1)
    const res = await browser.get(path)
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue
    pages.push(path)
    const { links, forms: found } = partsOf(await res.text(), path)
    queue.push(...links)
    for (const form of found) {
      const key = `${shapeOf(form.action)} ${Object.keys(form.fields).sort().join(',')}`
      if (!forms.has(key) && form.action !== '/signout') forms.set(key, form)
    }
  }
  return { pages, forms: [...forms.values()] }
}

const problemOf = async (what: string, res: Response) => {
  const text = await res.text()
  if (res.status >= 500) return `${what}: ${res.status}`
  if (text.includes(injected)) return `${what}: the value is in the page unescaped`
  return undefined
}

describe('bad input, from a browser', () => {
  it('When every page an admin and a shopper reach is opened with junk in its query and its ids, then none is a 5xx or shows the junk unescaped', async () => {
    const findings: string[] = []
    let opened = 0
    // one page of each shape (an order's page is junk-tested once, not once per status), and
    // the shopper's pages the admin's walk opened already are not opened with junk again
    const done = new Set<string>()
    for (const email of ['admin@example.com', 'ann@example.com']) {
      const browser = await signedIn(email)
      const { pages } = await crawl(browser, ['/', '/admin', '/account', '/cart', '/orders', '/tickets', '/checkout'])
      expect(pages.length).toBeGreaterThan(email.startsWith('admin') ? 20 : 10)
      for (const page of pages.filter((p) => !done.has(`${shapeOf(p)}?${p.includes('?')}`))) {
        done.add(`${shapeOf(page)}?${page.includes('?')}`)
        const [path = '/', query = ''] = page.split('?')
        const names = new Set([...new URLSearchParams(query).keys(), 'page', 'q', 'next', 'status'])
        const variants = urlJunk.flatMap((value) => [
          ...[...names].map((name) => `${path}?${new URLSearchParams({ [name]: value })}`),
          ...(/\/[0-9a-f]{8}-|\/SF-\d+|\/\d+/i.test(path)
            ? [path.replace(/\/([0-9a-f]{8}-[0-9a-f-]{27}|SF-\d+|\d+)/i, `/${segment(value)}`)]
            : []),
        ])
        for (const variant of variants) {
          opened++
          const problem = await problemOf(`GET ${variant.slice(0, 100)}`, await browser.get(variant))
          if (problem) findings.push(problem)
        }
      }
    }
    expect(opened).toBeGreaterThan(1000)
    expect(findings).toEqual([])
  }, 300_000)

  it('When every form an admin and a shopper are shown is sent with each field in turn junk, missing or doubled, then none is a 5xx or shows the junk unescaped', async () => {
    const findings: string[] = []
    let sent = 0
    for (const email of ['admin@example.com', 'ann@example.com']) {
      const { forms } = await crawl(await signedIn(email), ['/', '/admin', '/account', '/cart', '/orders', '/tickets'])
      expect(forms.length).toBeGreaterThan(email.startsWith('admin') ? 15 : 5)
      for (const form of forms) {
        // a browser of its own for each form: a form may sign it out or end what the next one needs
        const browser = await signedIn(email)
        const variants: Record<string, string>[] = [{}, { ...form.fields, unexpected: 'x' }]
        for (const name of Object.keys(form.fields)) {
          const { [name]: _left, ...without } = form.fields
          variants.push(without)
          for (const value of junk) variants.push({ ...form.fields, [name]: value })
        }
        for (const fields of variants) {
          sent++
          const problem = await problemOf(
            `POST ${form.action} ${JSON.stringify(fields).slice(0, 160)}`,
            await browser.post(form.action, fields),
          )
          if (problem) findings.push(problem)
        }
      }
    }
    expect(sent).toBeGreaterThan(300)
    expect(findings).toEqual([])
  }, 300_000)
})
