import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const [, ethiopian] = web.catalog
const sessionsCount = async () => Number((await web.sql`select count(*) from sessions`)[0].count)

describe('browsing', () => {
  it('When a visitor opens the home page and searches, then they read products as HTML, and no session is made for browsing', async () => {
    const browser = web.browser()
    const before = await sessionsCount()
    const home = await browser.get('/')
    expect(home.status).toBe(200)
    expect(home.headers.get('content-type')).toContain('text/html')
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await home.text()
    expect(html).toContain('Café Crème Beans')
    // each product once on the page: one featured is not shown again under New in
    for (const product of web.catalog)
      expect(html.split(`<a href="/products/${product.id}"`).length - 1, product.name).toBeLessThanOrEqual(1)
    expect(html).toContain('<main id="main"')
    const found = await (await browser.get('/products?q=ethiopian&sort=nonsense&page=x')).text()
    expect(found).toContain('Ethiopian Beans')
    expect(found).not.toContain('Café Crème Beans')
    expect(found).toContain('value="ethiopian"')
    // a typo that finds nothing: the search products offers instead, one click away
    const typo = await (await browser.get('/products?q=ethiopain')).text()
    expect(typo).toContain('Nothing matches. Did you mean <a href="/products?q=ethiopian">ethiopian</a>?')
    expect(await (await browser.get('/products?q=zzzz')).text()).toContain('Nothing matches. Try other words')
    // the filters count what each choice would show (products' facets)
    const all = await (await browser.get('/products')).text()
    expect(all).toContain('Coffee &amp; Tea (3)')
    expect(all).toMatch(/value="1000-2499"\/> \$10 to \$25 \(2\)/)
    expect(all).toMatch(/In stock only \(2\)/)
    // folded on a phone, the filters' summary names what is chosen
    expect(all).toContain('<summary>Filters</summary>')
    const chosen = await (await browser.get('/products?category=coffee&price=1000-2499&inStock=1')).text()
    expect(chosen).toContain('<summary>Filters: Coffee &amp; Tea · $10 to $25 · In stock only</summary>')
    expect(browser.cookies.has('sf_session')).toBe(false)
    expect(await sessionsCount()).toBe(before)
  })

  it('When a product page is opened, then it shows price, delivery, stock and the add form; an unknown product is a 404 page', async () => {
    const browser = web.browser()
    const page = await (await browser.get(`/products/${ethiopian.id}`)).text()
    expect(page).toContain('$20.00')
    // what delivery costs, under the price (sales' terms), and the shop's return window
    expect(page).toContain(
      '<p class="muted">Delivery is $4.99, free from $50.00. We offer free returns within 14 days.</p>',
    )
    expect(page).toContain('Only 3 left')
    expect(page).toMatch(/<form[^>]*action="\/cart\/items"/)
    // more of its category to be had now: not itself, not the sold-out Moka Pot
    const more = page.slice(page.indexOf('<h2 id="more">'))
    expect(more).toContain('More in Coffee &amp; Tea')
    expect(more).toContain(`<a href="/products/${web.catalog[0].id}"`)
    expect(more).not.toContain(`<a href="/products/${ethiopian.id}"`)
    expect(more).not.toContain(`<a href="/products/${web.catalog[2].id}"`)
    // the category's list is asked of products once for many pages
    const asked = () => web.calls.searches.filter((q) => q.category === 'coffee').length
    const before = asked()
    for (let i = 0; i < 3; i++) await browser.get(`/products/${web.catalog[0].id}`)
    expect(asked()).toBe(before)
    const sold = await (await browser.get(`/products/${web.catalog[2].id}`)).text()
    expect(sold).toContain('Sold out')
    expect(sold).not.toContain('held by checkouts')
    // a guest is asked to sign in to be told when it is back, and comes back here
    expect(sold).toContain(
      `<a href="/signin?next=%2Fproducts%2F${web.catalog[2].id}">Sign in</a> and we will e-mail you when it is back.`,
    )
    // the last ones only held by checkouts under way: they may come back
    web.catalog[2].stock = { onHand: 2, reserved: 2 }
    const held = await (await browser.get(`/products/${web.catalog[2].id}`)).text()
    expect(held).toContain('The last ones are held by checkouts under way, and may come back')
    web.catalog[2].stock = { onHand: 0, reserved: 0 }
    const missing = await browser.get('/products/00000000-0000-4000-8000-000000000099')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('Page not found')
    expect((await browser.get('/images/products/COF-001.svg')).headers.get('content-type')).toBe('image/svg+xml')
    // the same drawing as PNG, for mail clients without SVG
    const png = await browser.get('/images/products/COF-001.png')
    expect(png.headers.get('content-type')).toBe('image/png')
    expect(png.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47])
    expect((await browser.get('/images/products/..%2Fetc.png')).status).toBe(404)
  })

  it("When a product's picture was uploaded, then a phone's screen is sent its medium size (a quarter of the bytes) and a wider one the large; another address has one size", async () => {
    const browser = web.browser()
    const uploaded = `/api/products/images/${'ab'.repeat(32)}.webp`
    ethiopian.images = [uploaded]
    try {
      const page = await (await browser.get(`/products/${ethiopian.id}`)).text()
      expect(page).toContain(
        `<picture><source media="(max-width: 759px)" srcset="${uploaded.replace('.webp', '-medium.webp')}"/><img src="${uploaded}"`,
      )
      ethiopian.images = ['https://pictures.example/beans.jpg']
      const elsewhere = await (await browser.get(`/products/${ethiopian.id}`)).text()
      expect(elsewhere).toContain('<picture><img src="https://pictures.example/beans.jpg"')
    } finally {
      ethiopian.images = []
    }
  })

  it('When a browser asks for /favicon.ico (as it does on a page that names no icon), then it is sent to the shop’s icon, cached for a year', async () => {
    const browser = web.browser()
    const asked = await browser.get('/favicon.ico')
    expect(asked.status).toBe(302)
    const icon = await browser.follow(asked)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(icon.headers.get('cache-control')).toContain('max-age=31536000')
  })
})

describe('tell me when it is back', () => {
  const moka = web.catalog[2]
  const page = async (browser: ReturnType<typeof web.browser>) => (await browser.get(`/products/${moka.id}`)).text()
  const ask = (browser: ReturnType<typeof web.browser>, action: string) =>
    browser.post(`/products/${moka.id}/alert`, { action })

  it('When a shopper asks about a product sold out, then products keeps the alert and the page says where the e-mail goes; stopping ends it', async () => {
    const browser = await web.signedIn()
    expect(await page(browser)).toContain('E-mail me when it is back</button>')
    const asked = await ask(browser, 'watch')
    expect(asked.status).toBe(303)
    expect(asked.headers.get('location')).toBe(`/products/${moka.id}?watching=1`)
    const waiting = await (await browser.follow(asked)).text()
    expect(waiting).toContain('We will e-mail you once Moka Pot is back.')
    expect(waiting).toContain('We will e-mail ann@example.com when it is back.')
    expect(waiting).toContain('Stop waiting</button>')
    expect(web.waiting.get(web.ann.id)?.map((a) => a.productId)).toEqual([moka.id])
    const stopped = await ask(browser, 'stop')
    expect(stopped.headers.get('location')).toBe(`/products/${moka.id}?stopped=1`)
    expect(await (await browser.follow(stopped)).text()).toContain('You will not be e-mailed about Moka Pot.')
    expect(web.waiting.get(web.ann.id)).toEqual([])
  })

  it('When it came back in stock meanwhile, then the page offers it instead; a product in stock offers no alert, and a bad form changes nothing', async () => {
    const browser = await web.signedIn()
    const before = await page(browser)
    moka.available = 2
    try {
      const asked = await ask(browser, 'watch')
      expect(asked.headers.get('location')).toBe(`/products/${moka.id}?inStock=1`)
      const offered = await (await browser.follow(asked)).text()
      expect(offered).toContain('Moka Pot is in stock again: add it to your cart.')
      expect(offered).not.toContain('when it is back')
    } finally {
      moka.available = 0
    }
    expect(before).toContain('E-mail me when it is back')
    expect((await ask(browser, 'nonsense')).status).toBe(400)
    expect((await browser.post('/products/not-a-product/alert', { action: 'watch' })).status).toBe(404)
    expect(web.waiting.get(web.ann.id) ?? []).toEqual([])
    // signed out, the form's address sends the shopper to sign in, and back to the product
    const guest = await web.browser().post(`/products/${moka.id}/alert`, { action: 'watch' })
    expect(guest.status).toBe(303)
    expect(guest.headers.get('location')).toContain('/signin?next=')
  })
})
