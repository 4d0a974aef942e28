import { describe, expect, it } from 'vitest'
import { present } from '@shopfront/kit/testing'
import { safeNext } from './account/account.routes.tsx'
import { startWeb } from './testing.ts'

const web = await startWeb()
const [beans, ethiopian] = web.catalog
const sessionsCount = async () => Number((await web.sql`select count(*) from sessions`)[0].count)
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
    expect(html).toContain('<main id="main"')
    const found = await (await browser.get('/products?q=ethiopian&sort=nonsense&page=x')).text()
    expect(found).toContain('Ethiopian Beans')
    expect(found).not.toContain('Café Crème Beans')
    expect(found).toContain('value="ethiopian"')
    // the filters count what each choice would show (products' facets)
    const all = await (await browser.get('/products')).text()
    expect(all).toContain('Coffee &amp; Tea (3)')
    expect(all).toMatch(/value="1000-2499"\/> \$10 to \$25 \(2\)/)
    expect(all).toMatch(/In stock only \(2\)/)
    expect(browser.cookies.has('sf_session')).toBe(false)
    expect(await sessionsCount()).toBe(before)
  })

  it('When a product page is opened, then it shows price, stock and the add form; an unknown product is a 404 page', async () => {
    const browser = web.browser()
    const page = await (await browser.get(`/products/${ethiopian.id}`)).text()
    expect(page).toContain('$20.00')
    expect(page).toContain('Only 3 left')
    expect(page).toMatch(/<form[^>]*action="\/cart\/items"/)
    const sold = await (await browser.get(`/products/${web.catalog[2].id}`)).text()
    expect(sold).toContain('Sold out for now. Come back soon.')
    // the last ones only held by checkouts under way: they may come back
    web.catalog[2].stock = { onHand: 2, reserved: 2 }
    const held = await (await browser.get(`/products/${web.catalog[2].id}`)).text()
    expect(held).toContain('the last ones are held by checkouts under way, and may come back')
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
})

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
    const browser = web.browser()
    await browser.post('/cart/items', { productId: ethiopian.id, quantity: '2' })
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
    const browser = web.browser()
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
    await browser.post('/cart/items', { productId: ethiopian.id, quantity: '1' })
    expect((await browser.post('/cart/promo', { action: 'apply', promoCode: ' save10 ' })).status).toBe(303)
    const cart = await (await browser.get('/cart')).text()
    expect(cart).toContain('Discount (SAVE10)')
    expect(cart).toMatch(/<dt>Total<\/dt><dd class="grand">\$\d+\.\d\d<\/dd>/)
    expect(cart).toContain('Promotion code SAVE10 applied.')
    expect(await (await browser.get('/checkout')).text()).toContain('value="SAVE10"')

    await browser.post('/cart/promo', { action: 'apply', promoCode: 'NOPE' })
    expect(await (await browser.get('/cart')).text()).toMatch(
      /role="alert" class="error">The promotion code NOPE does not exist/,
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
    const browser = web.browser()
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    await browser.post('/cart/promo', { action: 'apply', promoCode: 'SAVE10' })
    expect(await (await browser.get('/cart')).text()).toContain('Sign in to see what it takes off')
  })
})

describe('signing in', () => {
  it('When a guest with a cart signs in, then the session id changes, the guest cart joins the account and they return where they were going', async () => {
    const browser = web.browser()
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    const guestCookie = browser.cookies.get('sf_session')
    const wrong = await browser.post('/signin', { email: 'ann@example.com', password: 'nope', next: '/checkout' })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('Invalid e-mail or password.')
    const signedIn = await browser.post('/signin', {
      email: 'Ann@Example.com ',
      password: 'correct-horse',
      next: '/checkout',
    })
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.get('location')).toBe('/checkout')
    expect(browser.cookies.get('sf_session')).not.toBe(guestCookie)
    expect(web.calls.merge).toHaveLength(1)
    const page = await (await browser.get('/checkout')).text()
    expect(page).toContain('Café Crème Beans')
    expect(page).not.toContain('eyJ') // no token ever in a page
  })

  it('When a page needs an account and nobody is signed in, then it leads to sign-in and back; a `next` elsewhere is refused', async () => {
    const res = await web.browser().get('/orders/abc?x=1')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/signin?next=%2Forders%2Fabc%3Fx%3D1')
    expect(safeNext('//evil.example/x')).toBe('/')
    expect(safeNext('https://evil.example')).toBe('/')
    expect(safeNext('/\\evil.example')).toBe('/')
    expect(safeNext('/orders/1')).toBe('/orders/1')
  })

  it('When the access token is about to run out and two requests come at once, then it is refreshed once', async () => {
    const browser = web.browser()
    web.setAccessTtl(30)
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
    web.setAccessTtl(900)
    const before = web.calls.refresh
    const [a, b] = await Promise.all([browser.get('/account'), browser.get('/orders')])
    expect([a.status, b.status]).toEqual([200, 200])
    expect(web.calls.refresh - before).toBe(1)
  })

  it('When users revokes a signed-in user’s access token, then the next page refreshes the session: new roles open the back office, a disabled account is a guest again', async () => {
    const { email, password } = web.newAccount()
    const browser = web.browser()
    await browser.post('/signin', { email, password })
    expect((await browser.get('/admin/tickets')).status).toBe(403)
    const before = web.calls.refresh
    web.administer(email, { roles: ['customer', 'support'] })
    expect((await browser.get('/admin/tickets')).status).toBe(200)
    expect((await browser.get('/admin/tickets')).status).toBe(200)
    expect(web.calls.refresh - before).toBe(1)
    web.administer(email, { disabled: true })
    expect(browser.redirectOf(await browser.get('/account'))).toBe('/signin?next=%2Faccount')
    const [session] = await web.sql`SELECT user_id FROM sessions WHERE email = ${email}`
    expect(session).toBeUndefined()
  })

  it('When a user signs out, then the refresh token is revoked, the cookie cleared, and account pages lead to sign-in', async () => {
    const browser = web.browser()
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
    const before = web.calls.logout
    const out = await browser.post('/signout', {})
    expect(out.status).toBe(303)
    expect(web.calls.logout - before).toBe(1)
    expect(browser.cookies.has('sf_session')).toBe(false)
    expect((await browser.get('/orders')).status).toBe(303)
  })

  it('When someone registers with a taken e-mail or a short password, then the form says so beside the field', async () => {
    const browser = web.browser()
    const short = await (
      await browser.post('/register', { name: 'Bo', email: 'bo@example.com', password: 'short' })
    ).text()
    expect(short).toContain('at least 8 characters')
    expect(short).toContain('value="bo@example.com"')
    const taken = await browser.post('/register', { name: 'Ann', email: 'ann@example.com', password: 'long-enough-1' })
    expect(taken.status).toBe(409)
    expect(await taken.text()).toContain('already registered')
    const ok = await browser.post('/register', { name: 'Bo', email: 'bo@example.com', password: 'long-enough-1' })
    expect(ok.headers.get('location')).toBe('/verify?email=bo%40example.com&sent=1')
    const verified = await browser.post('/verify', { email: 'bo@example.com', code: '123456' })
    expect(verified.headers.get('location')).toBe('/signin?verified=1&email=bo%40example.com')
  })
})

describe('my account', () => {
  it('When a shopper saves their name, phone, address and promotion e-mails, then the page shows them; half an address or a bad phone is said beside its field and nothing changes', async () => {
    const browser = web.browser()
    const { email } = web.newAccount()
    await browser.post('/signin', { email, password: 'correct-horse' })
    const form = { name: 'Pat Doe', phone: '', line1: '', line2: '', city: '', postalCode: '', country: '' }
    const half = await browser.post('/account', { ...form, line1: '1 Elm St' })
    expect(half.status).toBe(400)
    expect(await half.text()).toMatch(/id="f-city-error"[^>]*>needed for an address/)
    const badPhone = await browser.post('/account', { ...form, phone: 'call me' })
    expect(badPhone.status).toBe(400)
    expect(await badPhone.text()).toMatch(/id="f-phone-error"[^>]*>a phone number/)
    expect(await browser.text(await browser.get('/account'))).not.toContain('Pat Doe')

    const saved = await browser.post('/account', {
      ...form,
      phone: '+1 555 0100',
      line1: '1 Elm St',
      city: 'Springfield',
      postalCode: '12345',
      country: 'us',
      marketingOptIn: 'yes',
    })
    expect(saved.headers.get('location')).toBe('/account?saved=1')
    const page = await browser.text(await browser.follow(saved))
    expect(page).toContain('Saved.')
    for (const value of ['Pat Doe', '+1 555 0100', '1 Elm St', 'Springfield', 'US'])
      expect(page).toContain(`value="${value}"`)
    expect(page).toMatch(/name="marketingOptIn" value="yes" checked/)
    // the header calls them by the new name
    expect(page).toContain('<a href="/account">Pat Doe</a>')
  })
})

describe('changing the password', () => {
  it('When a signed-in shopper changes their password, then a wrong current one shows beside its field, the new one signs in, and this browser stays signed in on a new session', async () => {
    const browser = web.browser()
    const { email } = web.newAccount()
    await browser.post('/signin', { email, password: 'correct-horse' })
    expect(await browser.text(await browser.get('/account'))).toContain('href="/account/password"')
    const before = present(browser.cookies.get('sf_session'), 'a session cookie')
    const wrong = await browser.post('/account/password', {
      currentPassword: 'not it',
      newPassword: 'a brand new secret',
    })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toMatch(/id="f-currentPassword-error"[^>]*>The current password is wrong/)
    const short = await browser.post('/account/password', { currentPassword: 'correct-horse', newPassword: 'short' })
    expect(short.status).toBe(400)
    expect(await short.text()).toContain('at least 8 characters')

    const change = { currentPassword: 'correct-horse', newPassword: 'a brand new secret' }
    const changed = await browser.post('/account/password', change)
    expect(changed.headers.get('location')).toBe('/account?passwordChanged=1')
    expect(await browser.text(await browser.follow(changed))).toContain('Your password is changed')
    expect(browser.cookies.get('sf_session')).not.toBe(before)
    // the old session is gone; the old password no longer signs in, the new one does
    const stale = web.browser()
    stale.cookies.set('sf_session', before)
    expect((await stale.get('/account')).headers.get('location')).toBe('/signin?next=%2Faccount')
    expect((await web.browser().post('/signin', { email, password: 'correct-horse' })).status).toBe(401)
    const elsewhere = await web.browser().post('/signin', { email, password: 'a brand new secret' })
    expect(elsewhere.headers.get('location')).toBe('/')
  })

  it('When users cannot be reached right after the change, then this browser is signed out and sign-in says the password is changed', async () => {
    const browser = web.browser()
    const { email } = web.newAccount()
    await browser.post('/signin', { email, password: 'correct-horse' })
    // users takes the change, then goes away before this browser signs in again
    const change = web.shop.changePassword
    web.shop.changePassword = async (...args) => {
      await change(...args)
      web.down.users = true
    }
    try {
      const changed = await browser.post('/account/password', {
        currentPassword: 'correct-horse',
        newPassword: 'a brand new secret',
      })
      expect(changed.headers.get('location')).toBe(`/signin?changed=1&email=${encodeURIComponent(email)}`)
      expect(browser.cookies.has('sf_session')).toBe(false)
      expect(await browser.text(await browser.follow(changed))).toContain('Your password is changed, and every session')
    } finally {
      web.shop.changePassword = change
      web.down.users = false
    }
  })

  it('When a visitor opens the page, then they are sent to sign in first', async () => {
    const res = await web.browser().get('/account/password')
    expect(res.headers.get('location')).toBe('/signin?next=%2Faccount%2Fpassword')
  })
})

describe('a forgotten password', () => {
  it('When a shopper asks for a reset and enters the code with a new password, then sign-in says it is set; a wrong code or common password shows beside its field', async () => {
    const browser = web.browser()
    const { email } = web.newAccount()
    const link = encodeURIComponent(email)
    expect(await browser.text(await browser.get('/signin'))).toContain('href="/password-reset"')
    const asked = await browser.post('/password-reset', { email: ` ${email.toUpperCase()} ` })
    expect(asked.status).toBe(303)
    expect(asked.headers.get('location')).toBe(`/password-reset/confirm?email=${link}`)
    expect(web.calls.resetRequests).toContain(email)
    expect(await browser.text(await browser.follow(asked))).toContain('a code is on its way')

    const form = { email, code: '111111', newPassword: 'a new long secret' }
    const wrong = await browser.post('/password-reset/confirm', form)
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toMatch(/id="f-code-error"[^>]*>The code is wrong/)
    const common = await browser.post('/password-reset/confirm', {
      ...form,
      code: '654321',
      newPassword: 'password123',
    })
    expect(await common.text()).toMatch(/id="f-newPassword-error"[^>]*>That password is too common/)
    const bad = await browser.post('/password-reset/confirm', { ...form, code: '12' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('the six digits from the e-mail')

    const done = await browser.post('/password-reset/confirm', { ...form, code: '654321' })
    expect(done.headers.get('location')).toBe(`/signin?reset=1&email=${link}`)
    expect(await browser.text(await browser.follow(done))).toContain('Your new password is set')
    expect((await browser.post('/signin', { email, password: 'correct-horse' })).status).toBe(401)
    expect((await browser.post('/signin', { email, password: 'a new long secret' })).headers.get('location')).toBe('/')
  })

  it('When the reset form has no valid e-mail, then it says so and nothing is asked of the users service', async () => {
    const browser = web.browser()
    const before = web.calls.resetRequests.length
    const res = await browser.post('/password-reset', { email: 'not an address' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('an e-mail address like ann@example.com')
    expect(web.calls.resetRequests.length).toBe(before)
  })
})

describe('checkout', () => {
  it('When the card is declined, then the page says so with a new key; when sales is down, it says checkout is unavailable and keeps the key', async () => {
    const browser = web.browser()
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
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
    web.down.sales = true
    try {
      const retry = idempotencyKeyOf(declinedPage)
      const down = await browser.post('/checkout', { ...checkout, idempotencyKey: retry })
      expect(down.status).toBe(503)
      const downPage = await down.text()
      expect(downPage).toContain('Checkout is unavailable right now')
      expect(idempotencyKeyOf(downPage)).toBe(retry)
    } finally {
      web.down.sales = false
    }
  })

  it('When a line is short at checkout, then the page names it and offers what there is; one click buys that and comes back', async () => {
    const browser = web.browser()
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
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
    const browser = web.browser()
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
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
})

describe('my tickets', () => {
  const orderOf = web.orderIn
  const signedIn = async () => {
    const browser = web.browser()
    await browser.post('/signin', { email: 'ann@example.com', password: 'correct-horse' })
    return browser
  }
  /** A return asked for on the new-ticket form. */
  const askReturn = (browser: Awaited<ReturnType<typeof signedIn>>, orderId: string, message: string) =>
    browser.post('/tickets', { type: 'return', orderId, subject: 'Return', message })

  it('When a delivered order is returned, then the order page offers it, the ticket opens with the message, and a reply joins the conversation', async () => {
    const browser = await signedIn()
    const order = orderOf('delivered')
    const orderPage = await (await browser.get(`/orders/${order.id}`)).text()
    expect(orderPage).toContain(`href="/tickets/new?type=return&amp;orderId=${order.id}"`)
    const form = await (await browser.get(`/tickets/new?type=return&orderId=${order.id}`)).text()
    expect(form).toContain('<h1>Return items</h1>')
    expect(form).toMatch(new RegExp(`<option value="${order.id}" selected="">${order.number}`))

    const opened = await askReturn(browser, order.id, 'The beans are too dark for me.')
    expect(opened.status).toBe(303)
    const ticketUrl = browser.redirectOf(opened)
    const page = await (await browser.get(ticketUrl)).text()
    expect(page).toMatch(/Ticket T-\d+ is open/)
    expect(page).toContain('The beans are too dark for me.')
    expect(page).toContain(`Order ${order.number}`)
    expect(page).not.toContain('How did we do?')

    const path = ticketUrl.split('?')[0]
    expect((await browser.post(`${path}/messages`, { body: 'Shall I send it by post?' })).status).toBe(303)
    expect(await (await browser.get(path)).text()).toContain('Shall I send it by post?')
    const empty = await browser.post(`${path}/messages`, { body: '   ' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('write your message')
    expect(await (await browser.get('/tickets')).text()).toContain('A return: Return')
  })

  it('When a return is asked for an order not delivered, then the form says why and no ticket is opened', async () => {
    const browser = await signedIn()
    const order = orderOf('paid')
    const before = web.tickets.length
    const refused = await askReturn(browser, order.id, 'Changed my mind.')
    expect(refused.status).toBe(422)
    const page = await refused.text()
    expect(page).toContain('only delivered orders can be returned')
    expect(page).toContain('Changed my mind.')
    const bad = await browser.post('/tickets', { type: 'wish', orderId: 'x', subject: '', message: '' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('choose what it is about')
    expect(web.tickets.length).toBe(before)
  })

  it('When a ticket is resolved, then the customer rates it once; before that, the page offers no rating', async () => {
    const browser = await signedIn()
    const opened = await browser.post('/tickets', {
      type: 'feedback',
      orderId: '',
      subject: 'Lovely',
      message: 'Fast!',
    })
    const path = browser.redirectOf(opened).split('?')[0]
    const early = await browser.post(`${path}/rating`, { score: '5' })
    expect(early.status).toBe(409)
    expect(await early.text()).toContain('rate it once it is resolved')
    web.tickets[0].status = 'resolved'
    expect(await (await browser.get(path)).text()).toContain('How did we do?')
    expect((await browser.post(`${path}/rating`, { score: '9' })).status).toBe(400)
    expect((await browser.post(`${path}/rating`, { score: '5', comment: 'Thanks' })).status).toBe(303)
    const rated = await (await browser.get(path)).text()
    expect(rated).toContain('You rated this 5 of 5: “Thanks”')
    expect(rated).not.toContain('How did we do?')
  })

  it('When support is down, then the tickets page is a friendly 503 and a visitor is sent to sign in', async () => {
    expect((await web.browser().get('/tickets')).headers.get('location')).toBe('/signin?next=%2Ftickets')
    const browser = await signedIn()
    web.down.support = true
    try {
      const res = await browser.get('/tickets')
      expect(res.status).toBe(503)
      expect(res.headers.get('content-type')).toContain('text/html')
    } finally {
      web.down.support = false
    }
  })

  it('When support cannot take a new ticket now, then the form says why with a 503 and keeps what was typed', async () => {
    const browser = await signedIn()
    web.down.support = true
    try {
      const form = { type: 'inquiry', orderId: '', subject: 'Where is it?', message: 'My parcel.' }
      const res = await browser.post('/tickets', form)
      expect(res.status).toBe(503)
      const page = await res.text()
      expect(page).toContain('support cannot be reached.')
      expect(page).toContain('value="Where is it?"')
      expect(page).toContain('My parcel.')
    } finally {
      web.down.support = false
    }
  })
})

describe('when a service is down', () => {
  it('When products cannot be reached, then the catalog is a friendly 503 page and the cart still reads, its prices marked', async () => {
    const browser = web.browser()
    await browser.post('/cart/items', { productId: beans.id, quantity: '1' })
    web.down.products = true
    try {
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
    } finally {
      web.down.products = false
    }
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
