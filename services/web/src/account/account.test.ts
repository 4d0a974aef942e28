import { describe, expect, it } from 'vitest'
import { present } from '@shopfront/kit/testing'
import { startWeb } from '../testing.ts'

const web = await startWeb()

/** A browser signed in as a customer of the test's own. */
async function newShopperSignedIn() {
  const browser = web.browser()
  const { email } = web.newAccount()
  await browser.post('/signin', { email, password: 'correct-horse' })
  return { browser, email }
}

describe('my account', () => {
  it('When a shopper saves their name, phone, address and promotion e-mails, then the page shows them; half an address or a bad phone is said beside its field and nothing changes', async () => {
    const { browser } = await newShopperSignedIn()
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
    const { browser, email } = await newShopperSignedIn()
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
    const { browser, email } = await newShopperSignedIn()
    // users takes the change, then goes away before this browser signs in again
    const change = web.shop.changePassword
    web.shop.changePassword = async (...args) => {
      await change(...args)
      web.down.add('users')
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
      web.down.delete('users')
    }
  })

  it('When a visitor opens the page, then they are sent to sign in first', async () => {
    const res = await web.browser().get('/account/password')
    expect(res.headers.get('location')).toBe('/signin?next=%2Faccount%2Fpassword')
  })
})

describe('a forgotten password', () => {
  it('When a shopper asks for a reset and enters the code with a new password, then they are signed in with it; a wrong code or common password shows beside its field', async () => {
    // a guest with a cart: it comes along, as at any sign-in
    const browser = await web.guestWith(web.catalog[0].id)
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
    expect(done.headers.get('location')).toBe('/account?passwordReset=1')
    const account = await browser.text(await browser.follow(done))
    expect(account).toContain('Your new password is set, every other device is signed out, and you are signed in here.')
    expect(account).toContain(`Signed in as ${email}`)
    expect(account).toContain('Cart<span class="count"> (1)</span>')
    // the old password is gone, the new one signs in anywhere
    expect((await web.browser().post('/signin', { email, password: 'correct-horse' })).status).toBe(401)
    expect(
      (await web.browser().post('/signin', { email, password: 'a new long secret' })).headers.get('location'),
    ).toBe('/')
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

describe('deleting the account', () => {
  it('When a shopper deletes their account, then a wrong password is said beside its field and changes nothing; the right one signs them out everywhere and their password no longer signs in', async () => {
    const { browser, email } = await newShopperSignedIn()
    expect(await browser.text(await browser.get('/account'))).toContain('href="/account/delete"')
    const warning = await browser.text(await browser.get('/account/delete'))
    expect(warning).toContain('cannot be undone')
    // what goes with it, as users has the neighbours forget it: the reviews and alerts too
    expect(warning).toContain('and your reviews and back-in-stock alerts removed')
    const wrong = await browser.post('/account/delete', { password: 'not it' })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toMatch(/id="f-password-error"[^>]*>The password is wrong/)
    expect((await browser.post('/account/delete', { password: '' })).status).toBe(400)
    expect((await browser.get('/account')).status).toBe(200)

    const before = present(browser.cookies.get('sf_session'), 'a session cookie')
    const deleted = await browser.post('/account/delete', { password: 'correct-horse' })
    expect(deleted.headers.get('location')).toBe('/signin?deleted=1')
    expect(await browser.text(await browser.follow(deleted))).toContain('Your account is deleted')
    const stale = web.browser()
    stale.cookies.set('sf_session', before)
    expect((await stale.get('/account')).headers.get('location')).toBe('/signin?next=%2Faccount')
    expect((await web.browser().post('/signin', { email, password: 'correct-horse' })).status).toBe(401)
  })

  it('When a support agent opens the page, then it says an admin closes staff accounts, offers no form, and a forged request is refused', async () => {
    const browser = web.browser()
    await browser.post('/signin', { email: 'agent@example.com', password: 'correct-horse' })
    const page = await browser.text(await browser.get('/account/delete'))
    expect(page).toContain('A staff account is not deleted by its owner')
    expect(page).not.toContain('name="password"')
    const forged = await browser.post('/account/delete', { password: 'correct-horse' })
    expect(forged.status).toBe(409)
    expect(await forged.text()).toContain('an admin disables it')
    expect(
      (await web.browser().post('/signin', { email: 'agent@example.com', password: 'correct-horse' })).status,
    ).toBe(303)
  })
})

describe('downloading my data', () => {
  it('When a shopper downloads their data, then one JSON file holds their profile, cart, alerts, reviews, every order and every ticket with its conversation; while support is down, the error page and no partial file', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('paid')
    const delivered = web.orderIn('delivered')
    const reviewed = delivered.items[0]?.productId ?? ''
    await browser.post(`/products/${reviewed}/review`, { rating: '5', title: 'Kept', body: '' })
    const opened = await browser.post('/tickets', {
      type: 'inquiry',
      orderId: '',
      subject: 'Gift wrap?',
      message: 'Can it come gift-wrapped?',
    })
    expect(opened.status).toBe(303)
    expect(await browser.text(await browser.get('/account'))).toContain('href="/account/data"')
    const soldOut = web.catalog.find((p) => p.available === 0)?.id ?? ''
    expect((await browser.post(`/products/${soldOut}/alert`, { action: 'watch' })).status).toBe(303)

    const res = await browser.get('/account/data')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="shopfront-data-\d{4}-\d\d-\d\d\.json"$/,
    )
    const data = await res.json()
    expect(data.account).toMatchObject({ email: 'ann@example.com' })
    expect(data.cart).toMatchObject({ items: expect.any(Array) })
    expect(data.stockAlerts).toEqual([expect.objectContaining({ productId: soldOut })])
    expect(data.reviews).toEqual([expect.objectContaining({ productId: reviewed, title: 'Kept' })])
    expect(data.orders.map((o: { id: string }) => o.id)).toContain(order.id)
    expect(data.orders).toHaveLength(web.orders.length)
    const ticket = data.tickets.find((t: { subject: string }) => t.subject === 'Gift wrap?')
    expect(ticket.messages).toEqual([expect.objectContaining({ body: 'Can it come gift-wrapped?' })])

    const down = await web.whileDown('support', () => browser.get('/account/data'))
    expect(down.status).toBe(503)
    expect(down.headers.get('content-type')).toMatch(/^text\/html/)
    expect((await web.browser().get('/account/data')).headers.get('location')).toBe('/signin?next=%2Faccount%2Fdata')
  })
})

describe('back-in-stock alerts', () => {
  it('When a shopper opens their alerts, then each product they wait for is listed with a way to stop, which comes back here', async () => {
    const browser = await web.signedIn(web.newAccount().email)
    const page = () => browser.get('/account/alerts').then((r) => browser.text(r))
    expect(await page()).toContain('You are not waiting for any product.')
    const soldOut = web.catalog.find((p) => p.available === 0)
    if (!soldOut) throw new Error('the fake catalog has a product sold out')
    await browser.post(`/products/${soldOut.id}/alert`, { action: 'watch' })
    expect(await browser.text(await browser.get('/account'))).toContain('href="/account/alerts"')
    const listed = await page()
    expect(listed).toContain(`<a href="/products/${soldOut.id}">${soldOut.name}</a>`)
    expect(listed).toContain('<input type="hidden" name="next" value="/account/alerts"/>')
    // a product the shop stops selling: no link to a page that is gone, and why
    soldOut.active = false
    const unsold = await page()
    expect(unsold).not.toContain(`<a href="/products/${soldOut.id}">`)
    expect(unsold).toContain('no longer sold (we will still write if it comes back)')
    const stopped = await browser.post(`/products/${soldOut.id}/alert`, { action: 'stop', next: '/account/alerts' })
    expect(stopped.headers.get('location')).toBe('/account/alerts?stopped=1')
    expect(await browser.text(await browser.follow(stopped))).toContain('Done: you will not be e-mailed about it.')
    // somewhere else to go after stopping is refused: only the list of alerts
    const elsewhere = await browser.post(`/products/${soldOut.id}/alert`, {
      action: 'stop',
      next: 'https://evil.example',
    })
    expect(elsewhere.status).toBe(400)
    soldOut.active = true
  })
})
