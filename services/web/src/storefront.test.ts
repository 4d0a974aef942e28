import { describe, expect, it } from 'vitest'
import { startWeb } from './testing.ts'

const web = await startWeb()
const [beans] = web.catalog

describe('when a service is down', () => {
  it('When products cannot be reached, then the catalog is a friendly 503 page and the cart still reads, its prices marked', async () => {
    const browser = await web.guestWith(beans.id)
    await browser.post('/cart/promo', { action: 'apply', promoCode: 'SAVE10' })
    await web.whileDown('products', async () => {
      // (the home page's lists may still be the ones asked for in the last 10 s)
      const search = await browser.get('/products?q=beans')
      expect(search.status).toBe(503)
      const text = await search.text()
      expect(text).toContain('Back in a moment')
      expect(text).toMatch(/Reference: [\w-]+/)
      expect(text).not.toMatch(/at .*\.ts:\d+/)
      const cart = await browser.get('/cart')
      expect(cart.status).toBe(200)
      const page = await cart.text()
      expect(page).toContain('Café Crème Beans')
      expect(page).toContain('may have changed')
      // the code it carries stays, its discount not worked out
      expect(page).toContain('Its discount cannot be worked out right now; it is applied at checkout.')
      expect(page).toContain('Remove SAVE10')
    })
  })

  it('When a JSON client asks for an unknown /api path, then it is problem+json, not a page', async () => {
    const res = await web.send('GET', '/api/nothing-here')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })
})

describe('where the e-mails lead', () => {
  it('When a promotion e-mail’s link is followed, then the shop opens and checkout has the code filled in', async () => {
    const browser = web.browser()
    const landed = await browser.get('/promo/spring10')
    expect(landed.status).toBe(303)
    expect(landed.headers.get('location')).toBe('/products?promo=1')
    expect(await (await browser.get('/products?promo=1')).text()).toContain('Your promotion code is ready')
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    expect(await (await browser.get('/checkout')).text()).toContain('value="SPRING10"')
    expect((await browser.get('/promo/not%20a%20code')).status).toBe(404)
  })

  it('When the unsubscribe link is opened, then the page asks first, and only the button opts out', async () => {
    const browser = web.browser()
    const before = web.calls.unsubscribed.length
    const page = await browser.get('/unsubscribe?token=valid-token-123')
    expect(await page.text()).toContain('Stop the shop')
    expect(web.calls.unsubscribed.length).toBe(before)
    const done = await browser.post('/unsubscribe', { token: 'valid-token-123' })
    expect(await done.text()).toContain('no more promotion e-mails')
    expect(web.calls.unsubscribed.length).toBe(before + 1)
    const bad = await browser.post('/unsubscribe', { token: 'forged-token-123' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('not valid or has expired')
    expect((await browser.get('/unsubscribe')).status).toBe(400)
  })
})
