/**
 * The storefront in a real browser (Debian's Chromium through playwright-core) against the
 * real platform through the gateway: search, filter, cart, register with the code from the
 * inbox, checkout (declined, then approved), the confirmation and its e-mail, my orders,
 * a line sold out under the shopper at checkout and bought as far as it goes,
 * a review and a return of one of its two lines once the order is delivered, downloading one's
 * data and deleting the account; the same with JavaScript off. axe-core checks every page. (A service stopping under the
 * shopper: storefront-outages.test.ts.)
 * UPDATE_SCREENSHOTS=1 writes the README's screenshots (docs/screenshots).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { readMail } from '@shopfront/mail-inbox/decode'
import { browserOnPlatform, hasChromium } from './browser.ts'
import { plainHttp } from './platform.ts'
import { shopClient } from './shop.ts'

// without Chromium the README's `.ci/run` installs it; a machine without it says so here
describe.skipIf(!hasChromium())('the storefront in a browser', () => {
  const session = browserOnPlatform(plainHttp)
  const { visit, accessible, signIn, fillCheckout } = session
  const shot = (page: Page, name: string) => session.shot(page, name, { fullPage: false })
  const email = `shopper-${crypto.randomUUID().slice(0, 8)}@example.com`
  const password = 'a long shopper password'

  const mailBody = async (to: string, subject: RegExp) =>
    (await readMail(await shopClient(session.platform).mailAbout(to, subject))).text ?? ''

  it('When a shopper searches, filters, fills a cart, registers, verifies and checks out, then the order is placed once, confirmed on the page and by e-mail', async () => {
    // a shopper in New York: the pages' times are theirs
    const context = await session.browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York',
    })
    const page = await context.newPage()
    await visit(page, '/')
    await shot(page, 'home')
    // typing suggests names (products' suggestions API, through the gateway)
    await page.fill('#q', 'caf cr')
    await expect
      .poll(() =>
        page.locator('#q-suggestions option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
      )
      .toContain('Café Crème Espresso Beans 1 kg')
    await page.fill('#q', 'cafe')
    await page.press('#q', 'Enter')
    await expect.poll(() => page.url()).toContain('q=cafe')
    expect(await page.textContent('main')).toContain('Café Crème Espresso Beans 1 kg')
    // a filter applies at once (the page's script), and the URL says so
    await page.check('input[name=inStock]')
    await expect.poll(() => page.url()).toContain('inStock=1')
    await accessible(page)
    await page.click('text=Café Crème Espresso Beans 1 kg')
    await accessible(page)
    await shot(page, 'product')
    await page.fill('#quantity', '2')
    await page.click('button:has-text("Add to cart")')
    expect(await page.textContent('[role=status]')).toContain('is in your cart')
    await page.click('nav[aria-label=Categories] >> text=Books')
    await page.click('.card a >> nth=0')
    await page.click('button:has-text("Add to cart")')
    await visit(page, '/cart')
    await shot(page, 'cart')
    expect(await page.locator('table.lines tbody tr').count()).toBe(2)

    // an account: register, the code from the inbox, verify (which signs in); the guest cart comes along
    await page.click('text=Sign in to check out')
    await page.click('text=Create an account')
    await accessible(page)
    await page.fill('#f-name', 'Sam Shopper')
    await page.fill('#f-email', email)
    await page.fill('#f-password', password)
    await page.click('button:has-text("Create account")')
    const code = /code is (\d{6})/.exec(await mailBody(email, /code/i))![1]!
    await accessible(page)
    await page.fill('#f-code', code)
    await page.click('button:has-text("Verify")')
    await page.waitForURL(/\/checkout$/)
    await visit(page, '/cart')
    expect(await page.locator('table.lines tbody tr').count()).toBe(2)
    await page.click('text=Check out')
    await accessible(page)

    // the declined card: said on the page, nothing charged
    await fillCheckout(page, '1 Main St', '4000 0000 0000 0002')
    await page.click('button:has-text("Place order")')
    expect(await page.textContent('[role=alert]')).toContain('Your card was not accepted')
    await shot(page, 'checkout-declined')

    // the approving card; a double click places one order
    await page.fill('#f-cardNumber', '4242 4242 4242 4242')
    await page.fill('#f-cvc', '123')
    await page.dblclick('button:has-text("Place order")')
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}/)
    const confirmation = await page.textContent('main')
    expect(confirmation).toMatch(/Thank you! Order SF-\d+ is placed/)
    // said once: the address drops ?placed=1 (a reload says nothing more)
    expect(new URL(page.url()).search).toBe('')
    await page.reload()
    expect(await page.locator('.notice').count()).toBe(0)
    expect(confirmation).toContain('Paid with Visa ending in 4242')
    await accessible(page)
    await shot(page, 'order-confirmation')
    const number = /Order (SF-\d+)/.exec(confirmation!)![1]!
    expect(await mailBody(email, new RegExp(number))).toContain(number)

    // a product sold out: the shopper asks to be told when it is back, and reads where the e-mail goes
    await page.goto(new URL('/products?q=smart+speaker', page.url()).toString())
    await page.click('.card a:has-text("Smart Speaker")')
    await page.click('button:has-text("E-mail me when it is back")')
    expect(await page.textContent('[role=status]')).toContain('We will e-mail you once Smart Speaker is back.')
    expect(await page.textContent('main')).toContain(`We will e-mail ${email} when it is back.`)
    await accessible(page)
    await shot(page, 'product-sold-out')

    await page.click('nav[aria-label=Account] >> text=Orders')
    await accessible(page)
    const rows = await page.locator('table.lines tbody tr').allTextContents()
    expect(rows.filter((r) => r.includes('Paid'))).toHaveLength(1)
    await page.click(`text=${number}`)
    expect(await page.textContent('main')).toContain('History')
    // the receipt: the order alone, to print (its Print button shown by the page's script)
    await page.click('a:has-text("Receipt")')
    await accessible(page)
    expect(await page.textContent('main')).toContain(`Order ${number}`)
    expect(await page.isVisible('button[data-print]')).toBe(true)
    await page.click('text=Back')
    expect(await page.textContent('main')).toMatch(/placed \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M E[SD]T/)
    // the same again, one click from the order: the two lines back in the cart (then out, for what follows)
    const orderPath = new URL(page.url()).pathname
    await page.click('button:has-text("Buy again")')
    await page.waitForURL(/\/cart(\?|$)/)
    expect(await page.textContent('[role=status]')).toContain(`Order ${number}'s products are in your cart.`)
    expect(await page.locator('table.lines tbody tr').count()).toBe(2)
    await accessible(page)
    for (let n = 0; n < 2; n++) await page.click('table.lines button:has-text("Remove")')
    expect(await page.textContent('main')).toContain('Your cart is empty')
    await visit(page, orderPath)

    // the shop ships and delivers it (the admin, through the API); the shopper asks for a return
    const shop = shopClient(session.platform)
    const admin = await shop.admin()
    const orderId = /\/orders\/([\w-]+)/.exec(page.url())![1]!
    for (const body of [{ status: 'shipped', trackingNumber: 'TRACK-1' }, { status: 'delivered' }])
      expect((await shop.call('PATCH', `/api/orders/${orderId}/status`, { token: admin, body })).status).toBe(200)
    await page.reload()
    expect(await page.textContent('main')).toContain('Delivered')
    // delivered, each product can be reviewed (sales knows it was): four stars, shown on its page
    await page.click('table a:has-text("Review") >> nth=0')
    await page.waitForURL(/\/products\/[\w-]+\/review$/)
    await accessible(page)
    await page.check('input[name=rating][value="4"]')
    await page.fill('#f-title', 'Rich, a little dark')
    await page.fill('#f-body', 'Good crema; darker than I expected.')
    await page.click('button:has-text("Publish your review")')
    // (the page's script drops ?reviewed=1 from the address once it has said so)
    await page.waitForSelector('text=Thank you: your review is saved.')
    expect(await page.textContent('#reviews')).toContain('Rich, a little dark')
    expect(await page.textContent('#reviews')).toContain('4 out of 5')
    await accessible(page)
    await shot(page, 'product-reviews')
    await visit(page, '/account/reviews')
    expect(await page.textContent('main')).toContain('Change or delete')
    await accessible(page)
    await visit(page, orderPath)
    await page.click('text=Return items')
    await accessible(page)
    // each line offered whole; the last one is kept, so only the first (the beans) goes back
    const amounts = page.locator('fieldset input[type=number]')
    expect(await amounts.count()).toBe(2)
    await amounts.last().fill('0')
    const sent = await page.locator('fieldset .field label').first().textContent()
    const kept = await page.locator('fieldset .field label').last().textContent()
    await page.fill('#f-message', 'The beans are darker than I like.')
    await shot(page, 'return')
    await page.click('button:has-text("Ask for the return")')
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}/)
    expect(await page.textContent('[role=status]')).toMatch(/Ticket T-\d+ is open/)
    expect(await page.textContent('main')).toContain(`Order ${number}`)
    expect(await page.textContent('main')).toMatch(/Sending back: \d+ × /)
    expect(await page.textContent('main')).toContain(`× ${sent}`)
    expect(await page.textContent('main')).not.toContain(`× ${kept}`)
    await page.fill('#f-body', 'I can post it back tomorrow.')
    await page.click('button:has-text("Send")')
    expect(await page.textContent('.messages')).toContain('I can post it back tomorrow.')
    await accessible(page)
    await shot(page, 'ticket')
    await visit(page, '/tickets')
    expect(await page.textContent('main')).toContain('A return: Return')
    // a new password, through the gateway: this browser stays signed in (then the old one again)
    for (const [current, next] of [
      [password, 'an even longer shopper password'],
      ['an even longer shopper password', password],
    ] as const) {
      await visit(page, '/account')
      await page.click('text=Change your password')
      await accessible(page)
      await page.fill('#f-currentPassword', current)
      await page.fill('#f-newPassword', next)
      await page.click('button:has-text("Change the password")')
      await page.waitForURL(/\/account(\?|$)/)
      expect(await page.textContent('[role=status]')).toContain('Your password is changed')
    }
    // a forgotten password, as a visitor: the code from the inbox and a new password sign them in
    await page.click('footer button:has-text("Sign out")')
    await visit(page, '/password-reset')
    await page.fill('#f-email', email)
    await page.click('button:has-text("Send the code")')
    await page.waitForURL(/\/password-reset\/confirm/)
    await accessible(page)
    const resetCode = /Your code is (\d{6})/.exec(await mailBody(email, /password reset code/))?.[1] ?? ''
    await page.fill('#f-code', resetCode)
    await page.fill('#f-newPassword', password) // the same again: the tests after sign in with it
    await page.click('button:has-text("Set the new password")')
    await page.waitForURL(/\/account(\?|$)/)
    expect(await page.textContent('[role=status]')).toContain('you are signed in here')
    // on a phone the catalog's filters fold under a summary of what is chosen, so the products come first
    await page.setViewportSize({ width: 375, height: 800 })
    await visit(page, '/products?category=books')
    expect(await page.textContent('.filters summary')).toBe('Filters: Books')
    expect(await page.isVisible('input[name=inStock]')).toBe(false)
    expect((await page.locator('.card').first().boundingBox())?.y).toBeLessThan(800)
    await page.click('.filters summary')
    expect(await page.isVisible('input[name=inStock]')).toBe(true)
    await accessible(page)
    await context.close()
  }, 120_000)

  it('When JavaScript is off, on a phone, then search, cart and checkout still work with plain forms, and no page is wider than the phone', async () => {
    const context = await session.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 375, height: 800 },
    })
    const page = await context.newPage()
    /** Nothing makes the whole page scroll sideways (a wide table scrolls in its own box). */
    const fitsThePhone = async () =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth), page.url()).toBeLessThanOrEqual(375)
    // (axe-core needs JavaScript: these pages were checked with it on, above)
    await page.goto(`${session.platform.gatewayUrl}/`)
    await shot(page, 'home-phone')
    await fitsThePhone()
    await page.fill('#q', 'fermentation')
    await page.click('button:has-text("Search")')
    await fitsThePhone()
    await page.click('.card a >> nth=0')
    await shot(page, 'product-phone')
    await fitsThePhone()
    await page.click('button:has-text("Add to cart")')
    await page.goto(`${session.platform.gatewayUrl}/cart`)
    await fitsThePhone()
    // without the script the quantity form has its own button
    await page.fill('table.lines input[type=number]', '3')
    await page.click('button:has-text("Update")')
    expect(await page.inputValue('table.lines input[type=number]')).toBe('3')
    await page.click('text=Sign in to check out')
    await signIn(page, email, password)
    await page.waitForURL(/\/checkout$/)
    await fitsThePhone()
    await fillCheckout(page, '2 Side St', '4242424242424242')
    await page.click('button:has-text("Place order")')
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}/)
    expect(await page.textContent('main')).toContain('The Art of Fermentation')
    // without the script, times are the server's, in UTC, and say so
    expect(await page.textContent('main')).toMatch(/placed \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M UTC/)
    await fitsThePhone()
    await page.goto(`${session.platform.gatewayUrl}/orders`)
    await fitsThePhone()
    await context.close()
  }, 120_000)

  it('When a line sells out while the shopper checks out, then the checkout page names it and one click buys what there is', async () => {
    const shop = shopClient(session.platform)
    const admin = await shop.admin()
    const name = `Last Lamp ${crypto.randomUUID().slice(0, 6)}`
    const productId = await shop.createProduct(admin, { stock: 3, name })
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await visit(page, '/signin')
    await signIn(page, email, password)
    await visit(page, `/products/${productId}`)
    await page.fill('#quantity', '3')
    await page.click('button:has-text("Add to cart")')
    await visit(page, '/checkout')
    await fillCheckout(page, '3 Last St', '4242 4242 4242 4242')
    // two of the three go meanwhile (the shop's count, through the API)
    const body = { delta: -2, reason: 'two broken in the store room' }
    expect((await shop.call('POST', `/api/products/${productId}/stock`, { token: admin, body })).status).toBe(200)
    await page.click('button:has-text("Place order")')
    expect(await page.textContent('[role=alert]')).toContain(`Not enough ${name}`)
    expect(await page.textContent('aside')).toContain('Only 1 available.')
    await accessible(page)
    await shot(page, 'checkout-short')
    await page.click('button:has-text("Buy 1 instead")')
    await page.waitForURL(/\/checkout$/)
    expect(await page.textContent('aside')).toContain(`1 × ${name}`)
    await fillCheckout(page, '3 Last St', '4242 4242 4242 4242')
    await page.click('button:has-text("Place order")')
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}/)
    expect(await page.textContent('main')).toContain(name)
    await context.close()
  }, 60_000)

  it('When a shopper downloads their data and deletes their account, then the file holds what the shop keeps of them, the account is gone and its password signs in no more', async () => {
    const shop = shopClient(session.platform)
    const leaving = `leaving-${crypto.randomUUID().slice(0, 8)}@example.com`
    await shop.signUp(leaving, password)
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await visit(page, '/signin')
    await signIn(page, leaving, password)
    await visit(page, '/account')
    const data = await page.request.get(new URL('/account/data', page.url()).toString())
    expect(data.headers()['content-disposition']).toMatch(/^attachment; filename="shopfront-data-/)
    expect((await data.json()).account).toMatchObject({ email: leaving })
    await page.click('text=Delete your account')
    await accessible(page)
    await shot(page, 'account-delete')
    await page.fill('#f-password', 'not my password')
    await page.click('button:has-text("Delete my account")')
    expect(await page.textContent('#f-password-error')).toContain('The password is wrong')
    await page.fill('#f-password', password)
    await page.click('button:has-text("Delete my account")')
    // the notice's flag leaves the address once shown (the page's script), so the notice says it
    await page.waitForURL(/\/signin(\?|$)/)
    expect(await page.textContent('[role=status]')).toContain('Your account is deleted')
    expect(await mailBody(leaving, /account is deleted/)).toContain('Orders you placed stay in our books')
    await signIn(page, leaving, password)
    await page.waitForSelector('text=Invalid e-mail or password')
    expect(page.url()).toMatch(/\/signin/)
    await context.close()
  }, 60_000)
})
