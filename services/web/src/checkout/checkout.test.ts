import { describe, expect, it } from 'vitest'
import { present } from '@shopfront/kit/testing'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const [beans, ethiopian] = web.catalog
const idempotencyKeyOf = (html: string) =>
  present(/name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1], 'a checkout form with its idempotency key')
const checkout = {
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '12345',
  country: 'us',
  cardNumber: '4242 4242 4242 4242',
  expiry: '12/30',
  cvc: '123',
}

describe('checkout', () => {
  it('When the card is declined, then the page says so with a new key; when sales is down, it says checkout is unavailable and keeps the key', async () => {
    const browser = await web.signedIn()
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    const key = idempotencyKeyOf(await (await browser.get('/checkout')).text())
    const declined = await browser.post('/checkout', {
      ...checkout,
      idempotencyKey: key,
      cardNumber: '4000000000000002',
    })
    expect(declined.status).toBe(402)
    const declinedPage = await declined.text()
    expect(declinedPage).toContain('Your card was not accepted')
    expect(idempotencyKeyOf(declinedPage)).not.toBe(key)
    expect(declinedPage).not.toContain('4000000000000002')
    await web.whileDown('sales', async () => {
      const retry = idempotencyKeyOf(declinedPage)
      const down = await browser.post('/checkout', { ...checkout, idempotencyKey: retry })
      expect(down.status).toBe(503)
      const downPage = await down.text()
      expect(downPage).toContain('Checkout is unavailable right now')
      expect(idempotencyKeyOf(downPage)).toBe(retry)
    })
  })

  it('When a line is short at checkout, then the page names it and offers what there is; one click buys that and comes back', async () => {
    const browser = await web.signedIn()
    await browser.post('/cart/items', { productId: ethiopian.id, quantity: '3' })
    // two of the three are sold meanwhile
    ethiopian.available = 1
    try {
      const key = idempotencyKeyOf(await (await browser.get('/checkout')).text())
      const refused = await browser.post('/checkout', { ...checkout, idempotencyKey: key })
      expect(refused.status).toBe(409)
      const page = await refused.text()
      expect(page).toContain('Not enough Ethiopian Beans: 3 wanted, 1 available.')
      expect(page).toMatch(new RegExp(`<form class="stale" method="post" action="/cart/items/${ethiopian.id}">`))
      expect(page).toContain('Only 1 available. <button type="submit" class="link">Buy 1 instead</button>')
      const fixed = await browser.post(`/cart/items/${ethiopian.id}`, { quantity: '1', next: '/checkout' })
      expect(browser.redirectOf(fixed)).toBe('/checkout')
      const again = await (await browser.follow(fixed)).text()
      expect(again).toContain('1 × Ethiopian Beans')
      expect(again).not.toContain('Buy 1 instead')
      // none left: the offer is to take it out
      ethiopian.available = 0
      const none = await browser.post('/checkout', { ...checkout, idempotencyKey: idempotencyKeyOf(again) })
      expect(await none.text()).toContain(
        'None available now. <button type="submit" class="link">Remove Ethiopian Beans</button>',
      )
      ethiopian.active = false
      const gone = await browser.post('/checkout', { ...checkout, idempotencyKey: idempotencyKeyOf(again) })
      expect(await gone.text()).toContain(
        'No longer sold. <button type="submit" class="link">Remove Ethiopian Beans</button>',
      )
      // only the checkout page is a place to go back to
      const elsewhere = await browser.post(`/cart/items/${ethiopian.id}`, {
        quantity: '0',
        next: 'https://evil.example',
      })
      expect(elsewhere.status).toBe(400)
    } finally {
      ethiopian.available = 3
      ethiopian.active = true
      web.carts.delete(web.ann.id)
    }
  })

  it('When the order is placed, then the confirmation page shows it, the cart count is back to none, and it is in my orders', async () => {
    const browser = await web.signedIn()
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    const key = idempotencyKeyOf(await (await browser.get('/checkout')).text())
    const placed = await browser.post('/checkout', { ...checkout, idempotencyKey: key, saveAddress: '1' })
    expect(placed.status).toBe(303)
    // asked for, the address is saved to the profile for next time
    expect(web.calls.savedAddresses.at(-1)).toEqual({
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    })
    const confirmation = await (await browser.follow(placed)).text()
    expect(confirmation).toMatch(/Thank you! Order SF-\d+ is placed/)
    expect(confirmation).toContain('Springfield')
    expect(confirmation).not.toContain('class="count"')
    expect(await (await browser.get('/orders')).text()).toMatch(/SF-\d+/)
    // the number the e-mails show opens the order too
    const number = present(/Order (SF-\d+)/.exec(confirmation), 'an order number')[1]
    expect((await browser.get(`/orders/${number}`)).status).toBe(200)
    // the cart is empty now: checkout leads back to it
    expect((await browser.get('/checkout')).headers.get('location')).toBe('/cart')
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    const bad = await browser.post('/checkout', { ...checkout, idempotencyKey: key, expiry: '13/99' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('month and year, e.g. 12/29')
  })

  it('When users cannot answer, then the checkout page still opens, asking for the address its profile would have filled in, and the order goes through', async () => {
    const browser = await web.signedIn()
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    await web.whileDown('users', async () => {
      const form = await browser.get('/checkout')
      expect(form.status).toBe(200)
      const page = await form.text()
      expect(page).toContain('Your saved address cannot be read right now')
      expect(page).toContain('name="line1"')
      const placed = await browser.post('/checkout', { ...checkout, idempotencyKey: idempotencyKeyOf(page) })
      expect(browser.redirectOf(placed)).toMatch(/^\/orders\/[\w-]+\?placed=1$/)
    })
  })
})
