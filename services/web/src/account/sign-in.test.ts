import { describe, expect, it } from 'vitest'
import { safeNext } from '../session/session.ts'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const [beans] = web.catalog

describe('signing in', () => {
  it('When a guest with a cart signs in, then the session id changes, the guest cart joins the account and they return where they were going', async () => {
    const browser = await web.guestWith(beans.id)
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
    expect(safeNext(`/${'a'.repeat(2000)}`)).toBe('/')
  })

  it('When a visitor signs in from the header, then they come back to the page they were on (not from a page of signing in itself, nor a form’s answer)', async () => {
    const browser = web.browser()
    const product = await (await browser.get(`/products/${beans.id}?from=home`)).text()
    expect(product).toContain(`href="/signin?next=${encodeURIComponent(`/products/${beans.id}?from=home`)}"`)
    expect(await (await browser.get('/')).text()).toContain('href="/signin"')
    for (const page of ['/signin?next=%2Forders', '/register', '/password-reset'])
      expect(await (await browser.get(page)).text(), page).toContain('href="/signin"')
    // a refused form's page (a POST) names no way back to itself
    const refused = await (await browser.post('/cart/items', { productId: beans.id, quantity: '0' })).text()
    expect(refused).toContain('href="/signin"')
    expect(refused).not.toContain('next=%2Fcart%2Fitems')
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
    const browser = await web.signedIn()
    // the account page offers it, not only the footer
    const account = await browser.text(await browser.get('/account'))
    expect(account.slice(account.indexOf('<main'), account.indexOf('</main>'))).toContain('action="/signout"')
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
    const wrong = await browser.post('/verify', { email: 'bo@example.com', code: '000000' })
    const refused = await wrong.text()
    expect([wrong.status, refused]).toEqual([422, expect.stringContaining('The code is wrong')])
    expect(refused).toContain('<a href="/signin">Sign in</a>') // not signed in
    // the right code signs the newcomer in: the account page welcomes them by name
    const verified = await browser.post('/verify', { email: 'bo@example.com', code: '123456' })
    expect(verified.headers.get('location')).toBe('/account?welcome=1')
    const account = await (await browser.follow(verified)).text()
    expect(account).toContain('Your e-mail is verified and you are signed in')
    expect(account).toContain('value="Bo"')
  })

  it('When a newcomer is sent to sign in at checkout, then registering and verifying bring them back to checkout signed in, the cart kept', async () => {
    const browser = await web.guestWith(beans.id)
    expect(await (await browser.get('/cart')).text()).toContain('href="/signin?next=%2Fcheckout"')
    const signIn = await (await browser.get('/signin?next=%2Fcheckout')).text()
    expect(signIn).toContain('href="/register?next=%2Fcheckout"')
    expect(await (await browser.get('/register?next=%2Fcheckout')).text()).toContain(
      '<input type="hidden" name="next" value="/checkout"/>',
    )
    const account = { name: 'Cy', email: 'cy@example.com', password: 'long-enough-1' }
    const registered = await browser.post('/register', { ...account, next: '/checkout' })
    expect(registered.headers.get('location')).toBe('/verify?email=cy%40example.com&sent=1&next=%2Fcheckout')
    const verifyPage = await (await browser.follow(registered)).text()
    expect(verifyPage.match(/name="next" value="\/checkout"/g)).toHaveLength(2) // the code's form and the resend's
    const verified = await browser.post('/verify', { email: account.email, code: '123456', next: '/checkout' })
    expect(verified.headers.get('location')).toBe('/checkout')
    const checkout = await (await browser.follow(verified)).text()
    expect(checkout).toContain('Place order')
    expect(checkout).toContain('Café Crème Beans')
    // somewhere else than a path of the shop is not carried on
    const elsewhere = await browser.post('/register', { ...account, email: 'di@example.com', next: '//evil.example' })
    expect(elsewhere.headers.get('location')).toBe('/verify?email=di%40example.com&sent=1')
  })
})
