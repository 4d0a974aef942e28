import { join } from 'node:path'
import { baseTestSettings, present, startServiceUnderTest } from '@shopfront/kit/testing'
import { fakeStaff } from './admin/fake-staff.ts'
import { fakeShop } from './shop/fake-shop.ts'
import { createApp } from './app.tsx'
import { webSettings } from './settings.ts'

export const settings = webSettings.parse({
  ...baseTestSettings,
  web: {
    publicUrl: 'http://shop.test',
    session: { idleDays: 30, secureCookie: true },
    pageSize: 2,
    // fourteen hours ahead of UTC: the back office's days are not UTC's
    timeZone: 'Pacific/Kiritimati',
  },
  // terms of the shop's own (30 days and Shopfront by default): the pages say these
  shop: {
    returnWindowDays: 14,
    seller: { name: 'Shopfront Ltd', address: '1 Market St, Springfield', taxId: 'US-123' },
  },
})

/** The web app under the kit's test harness, with a shop of the test's own at its seam (whose users' tokens it trusts). */
export async function startWeb() {
  const fake = await fakeShop()
  const office = fakeStaff(fake)
  const service = await startServiceUnderTest({
    name: 'web',
    settings,
    migrations: join(import.meta.dirname, '../drizzle'),
    poolMax: 10,
    issuer: fake.issuer,
    createApp: (deps) => createApp({ ...deps, shop: fake.shop, staff: office.staff }),
  })
  const { app, sql, send, db } = service
  /** A browser signed in as one of the fake shop's people (ann, a customer, unless named). */
  const signedIn = async (email = 'ann@example.com') => {
    const browser = browserOf(app)
    const res = await browser.post('/signin', { email, password: 'correct-horse' })
    if (res.status !== 303) throw new Error(`signing in ${email}: ${res.status}`)
    return browser
  }
  /** A guest's browser with `quantity` of a product in its cart. */
  const guestWith = async (productId: string, quantity = 1) => {
    const browser = browserOf(app)
    const res = await browser.post('/cart/items', { productId, quantity: String(quantity) })
    if (res.status !== 303) throw new Error(`adding ${productId} to a guest's cart: ${res.status}`)
    return browser
  }
  return {
    app,
    sql,
    db,
    send,
    /** The settings the app reads, which a test may change as the config server would. */
    config: service.config,
    ...fake,
    office: office.calls,
    staff: office.staff,
    browser: () => browserOf(app),
    signedIn,
    guestWith,
  }
}

/**
 * What a browser would refuse in a page under its own Content-Security-Policy: an inline
 * style, an inline script or an event handler attribute where the policy allows only the
 * shop's own files (a browser drops them silently, so the page looks or works otherwise).
 */
async function refusedByCsp(res: Response) {
  const policy = res.headers.get('content-security-policy')
  if (!policy || !res.headers.get('content-type')?.includes('text/html')) return []
  const html = await res.clone().text()
  const tags = (pattern: RegExp) => html.match(pattern) ?? []
  return [
    ...(/style-src[^;]*'unsafe-inline'/.test(policy) ? [] : tags(/<[^>]*\sstyle=[^>]*>/g)),
    ...(/script-src[^;]*'unsafe-inline'/.test(policy)
      ? []
      : [...tags(/<script(?![^>]*\ssrc=)[^>]*>/g), ...tags(/<[^>]*\son[a-z]+=[^>]*>/g)]),
  ]
}

/**
 * A browser of the test's own over `app.request()`: it keeps cookies, sends forms with the
 * page's CSRF token, and reads pages as text. A page with what its own CSP refuses (see
 * `refusedByCsp`) fails the test, as it would misbehave in a browser.
 */
function browserOf(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }) {
  const cookies = new Map<string, string>()
  const remember = async (res: Response) => {
    const refused = await refusedByCsp(res)
    if (refused.length) throw new Error(`The page's CSP refuses ${refused.join(', ')}`)
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, value] = pair.split('=')
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    return res
  }
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const get = async (path: string, headers: Record<string, string> = {}) =>
    remember(await app.request(path, { headers: { cookie: cookieHeader(), ...headers } }))
  /** Sends a form as the page would: urlencoded, or multipart when it carries files (a picture upload). */
  const post = async (path: string, form: Record<string, string | File[]>, headers: Record<string, string> = {}) => {
    // the token the pages put in every form: the browser's CSRF cookie
    if (!cookies.has('sf_csrf')) await get('/cart')
    const fields = { _csrf: cookies.get('sf_csrf') ?? '', ...form }
    const multipart = Object.values(fields).some((value) => typeof value !== 'string')
    const body = multipart ? new FormData() : new URLSearchParams()
    for (const [name, value] of Object.entries(fields))
      for (const one of [value].flat()) body.append(name, one as string)
    return remember(
      await app.request(path, {
        method: 'POST',
        headers: {
          cookie: cookieHeader(),
          ...(multipart ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
          ...headers,
        },
        body,
      }),
    )
  }
  /** Where an answer sends the browser on; the test fails if it is no redirect. */
  const redirectOf = (res: Response) => present(res.headers.get('location'), `a redirect, not a ${res.status}`)
  /** Follows a redirect as a browser does. */
  const follow = (res: Response) => get(redirectOf(res))
  return { get, post, follow, redirectOf, cookies, text: async (res: Response) => await res.text() }
}

export { fakeShop }

/** A picture's file as a camera or an editor saves one: a 1 × 1 PNG. */
export const aPicture = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
)
