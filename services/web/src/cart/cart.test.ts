import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const [beans, ethiopian] = web.catalog

describe('the cart and CSRF', () => {
  it('When a guest adds to the cart, then a session starts with an httpOnly, SameSite=Lax, Secure cookie and the cart shows the line', async () => {
    const browser = web.browser()
    const added = await browser.post('/cart/items', { productId: beans.id, quantity: '2' })
    expect(added.status).toBe(303)
    expect(added.headers.get('location')).toBe(`/products/${beans.id}?added=1`)
    const cookie = added.headers.getSetCookie().find((c) => c.startsWith('sf_session='))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Secure/)
    const cart = await (await browser.get('/cart')).text()
    expect(cart).toContain('Café Crème Beans')
    expect(cart).toContain('$20.00')
    expect(cart).toContain('Cart<span class="count"> (2)</span>')
  })

  it('When a form comes without the token, with another browser’s, or from another site, then it is a 403 page and nothing changes', async () => {
    const browser = web.browser()
    await browser.get('/')
    const noToken = await browser.post('/cart/items', { productId: beans.id, _csrf: '' })
    expect(noToken.status).toBe(403)
    expect(await noToken.text()).toContain('did not come from this shop')
    const other = await browser.post('/cart/items', { productId: beans.id, _csrf: 'x'.repeat(43) })
    expect(other.status).toBe(403)
    const crossSite = await browser.post('/cart/items', { productId: beans.id }, { origin: 'https://evil.example' })
    expect(crossSite.status).toBe(403)
    expect(browser.cookies.has('sf_session')).toBe(false)
  })

  it('When a quantity is more than there is, then the cart page says so and keeps the cart as it was', async () => {
    const browser = await web.guestWith(ethiopian.id, 2)
    const refused = await browser.post('/cart/items', { productId: ethiopian.id, quantity: '2' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('Only 3 of Ethiopian Beans available.')
    expect(await (await browser.get('/cart')).text()).toContain('value="2"')
    const bad = await browser.post('/cart/items', { productId: 'not-a-product' })
    expect(bad.status).toBe(400)
  })
})

describe('a promotion code in the cart', () => {
  it('When a shopper applies a code, then the cart shows its discount and total (as sales quotes it), checkout has it, and it can be removed', async () => {
    const browser = await web.signedIn()
    await browser.post('/cart/items', { productId: ethiopian.id, quantity: '1' })
    expect((await browser.post('/cart/promo', { action: 'apply', promoCode: ' save10 ' })).status).toBe(303)
    const cart = await (await browser.get('/cart')).text()
    expect(cart).toContain('Discount (SAVE10)')
    expect(cart).toMatch(/<dt>Total<\/dt><dd class="grand">\$\d+\.\d\d<\/dd>/)
    expect(cart).toContain('Promotion code SAVE10 applied.')
    // checkout shows what the cart showed: the discount, the total, and the button says what is paid
    const checkout = await (await browser.get('/checkout')).text()
    expect(checkout).toContain('value="SAVE10"')
    const total = /<dt>Total<\/dt><dd class="grand">(\$\d+\.\d\d)<\/dd>/.exec(cart)?.[1]
    expect(checkout).toContain(`<dt>Total</dt><dd class="grand">${total}</dd>`)
    expect(checkout).toContain(`Place order · ${total}`)

    await browser.post('/cart/promo', { action: 'apply', promoCode: 'NOPE' })
    expect(await (await browser.get('/cart')).text()).toMatch(
      /role="alert" class="error">The promotion code NOPE does not exist/,
    )
    expect(await (await browser.get('/checkout')).text()).toContain(
      '<p class="error">The promotion code NOPE does not exist.</p>',
    )
    await browser.post('/cart/promo', { action: 'remove', promoCode: 'NOPE' })
    const removed = await (await browser.get('/cart')).text()
    expect(removed).not.toContain('NOPE')
    expect(removed).toContain('id="f-promoCode"')
    const bad = await browser.post('/cart/promo', { action: 'apply', promoCode: 'no spaces!' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('letters, digits, - and _')
    await browser.post(`/cart/items/${ethiopian?.id}`, { action: 'remove' })
  })

  it('When a guest has a code, then the cart says the discount shows after signing in', async () => {
    const browser = await web.guestWith(beans.id)
    await browser.post('/cart/promo', { action: 'apply', promoCode: 'SAVE10' })
    expect(await (await browser.get('/cart')).text()).toContain('Sign in to see what it takes off')
  })
})

describe('delivery in the cart and at checkout', () => {
  it('When the goods are under the free-delivery line, then the cart and checkout add the fee and say how much more makes it free; from the line up, it is free', async () => {
    const browser = await web.signedIn()
    const page = async (path: string) => (await browser.get(path)).text()
    await browser.post('/cart/items', { productId: ethiopian.id, quantity: '1' })
    expect(await page('/cart')).toContain(
      '<dt>Shipping</dt><dd>$4.99</dd><dt>Total</dt><dd class="grand">$24.99</dd></dl>',
    )
    expect(await page('/cart')).toContain('Delivery is free from $50.00: $30.00 more to go.')
    const checkout = await page('/checkout')
    expect(checkout).toContain('<dt>Shipping</dt><dd>$4.99</dd>')
    expect(checkout).toContain('Place order · $24.99')

    await browser.post(`/cart/items/${ethiopian.id}`, { action: 'update', quantity: '3' })
    expect(await page('/cart')).toContain('<dt>Shipping</dt><dd>Free</dd><dt>Total</dt><dd class="grand">$60.00</dd>')
    expect(await page('/cart')).toContain('Delivery is free on orders from $50.00.')
    expect(await page('/checkout')).toContain('Place order · $60.00')
    await browser.post(`/cart/items/${ethiopian.id}`, { action: 'remove' })
  })

  it('When a shopper applies a free-delivery code, then delivery is free below the line too, and no discount is shown', async () => {
    const browser = await web.signedIn()
    await browser.post('/cart/items', { productId: ethiopian.id, quantity: '1' })
    await browser.post('/cart/promo', { action: 'apply', promoCode: 'SHIPFREE' })
    const cart = await (await browser.get('/cart')).text()
    expect(cart).toContain('<dt>Shipping</dt><dd>Free</dd><dt>Total</dt><dd class="grand">$20.00</dd>')
    expect(cart).not.toContain('Discount (')
    expect(cart).toContain('Delivery is free with your code.')
    expect(await (await browser.get('/checkout')).text()).toContain('Place order · $20.00')
    await browser.post('/cart/promo', { action: 'remove', promoCode: 'SHIPFREE' })
    await browser.post(`/cart/items/${ethiopian.id}`, { action: 'remove' })
  })

  it('When a guest looks at the cart, then it says what delivery costs at this shop (sales’ terms)', async () => {
    const browser = await web.guestWith(beans.id)
    const cart = await (await browser.get('/cart')).text()
    expect(cart).not.toContain('<dt>Shipping</dt>')
    expect(cart).toContain('Delivery is $4.99, free from $50.00.')
  })
})
