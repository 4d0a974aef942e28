/**
 * The back office in a real browser (Debian's Chromium) against the real platform through
 * the gateway: an admin makes a category and a product with stock and a picture uploaded
 * from the computer, exports the catalog and imports a CSV file of one more, imports a
 * customer and invites them, a shopper buys it, the admin ships and delivers it, the
 * shopper reviews it (another reports the review) and asks for a return, a support agent
 * (made one by the admin) replies and approves it, answers the review and hides it; the refund and the restock show in both offices and the e-mails in the inbox, and
 * the sales report counts what was kept. An admin sends a campaign and watches it
 * complete. A customer and a visitor are refused /admin; the agent is refused admin-only
 * pages. axe-core checks every page; UPDATE_SCREENSHOTS=1 writes the README's screenshots.
 */
import { describe, expect, it } from 'vitest'
import { until } from '@shopfront/kit/testing'
import { browserOnPlatform, hasChromium } from './browser.ts'
import { plainHttp } from './platform.ts'
import { shopClient } from './shop.ts'

describe.skipIf(!hasChromium())('the back office in a browser', () => {
  const session = browserOnPlatform(plainHttp)
  const { visit, accessible, shot, signIn } = session
  /** A browser signed in at the shop's sign-in page, landing on `next`. */
  const signedIn = async (email: string, password: string, next = '/admin') => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${session.platform.gatewayUrl}/signin?next=${encodeURIComponent(next)}`)
    await signIn(page, email, password)
    await page.waitForURL((url) => url.pathname === next)
    return page
  }
  const subjectsTo = async (email: string) =>
    (await shopClient(session.platform).mailTo(email)).map((m) => m.Content.Headers.Subject?.[0] as string)

  it('When an admin stocks a product, a shopper buys and returns it and an agent approves the return, then the refund and the restock show everywhere', async () => {
    const shop = shopClient(session.platform)
    const [shopper, agent, reader] = await shop.shoppers(3, 'office')
    const admin = await signedIn('admin@shopfront.dev', 'shopfront-admin-dev')
    expect(await admin.textContent('h1')).toBe('Dashboard')
    await accessible(admin)

    // a category, then a product in it with 10 in stock
    await visit(admin, '/admin/products/categories')
    await admin.fill('#f-name', 'Tea Ware')
    await admin.fill('#f-slug', 'tea-ware')
    await admin.click('button:has-text("Create category")')
    await admin.waitForSelector('text=tea-ware')
    await visit(admin, '/admin/products/new')
    const sku = `TEA-${crypto.randomUUID().slice(0, 6)}`
    await admin.fill('#f-sku', sku)
    await admin.fill('#f-name', 'Cast Iron Teapot')
    await admin.fill('#f-description', 'Keeps tea hot for an hour.')
    await admin.fill('#f-price', '45.00')
    await admin.selectOption('#f-categoryId', { label: 'Tea Ware' })
    await admin.fill('#f-stock', '10')
    // its picture from the admin’s computer (a 160 × 120 PNG the shop draws, as an editor would save one)
    const png = await fetch(`${session.platform.gatewayUrl}/images/products/TEA-1.png`)
    await admin.setInputFiles('#f-upload', {
      name: 'teapot.png',
      mimeType: 'image/png',
      buffer: Buffer.from(await png.arrayBuffer()),
    })
    await admin.click('button:has-text("Create product")')
    await admin.waitForURL(/\/admin\/products\/[0-9a-f-]{36}/)
    const productUrl = admin.url().split('?')[0]!
    const productId = productUrl.split('/').at(-1)!
    expect(await admin.textContent('main')).toContain('10 on hand')
    await accessible(admin)
    // the shop shows the uploaded picture, which the gateway serves from products
    await visit(admin, `/products/${productId}`)
    const picture = admin.locator('.gallery > picture > img')
    expect(await picture.getAttribute('src')).toMatch(/^\/api\/products\/images\/[0-9a-f]{64}\.webp$/)
    await until(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 160))
    // on a phone's screen the browser loads the medium picture instead
    const wide = admin.viewportSize()
    await admin.setViewportSize({ width: 390, height: 844 })
    await admin.reload()
    await until(() =>
      picture.evaluate((img: HTMLImageElement) => img.complete && img.currentSrc.endsWith('-medium.webp')),
    )
    if (wide) await admin.setViewportSize(wide)

    // the catalog as a spreadsheet: downloaded with the new product in it, and a file of one more imported
    await visit(admin, '/admin/products/import')
    await accessible(admin)
    const [exported] = await Promise.all([
      admin.waitForEvent('download'),
      admin.click('text=Download the catalog as CSV'),
    ])
    expect(await Bun.file(await exported.path()).text()).toContain(`${sku},Cast Iron Teapot,`)
    const cups = `CUP-${crypto.randomUUID().slice(0, 6)}`
    await admin.setInputFiles('#f-file', {
      name: 'more.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`sku,name,price,category,stock\n${cups},Tea Cups (set of 2),18.00,tea-ware,6\n`),
    })
    await admin.click('main button:has-text("Import")')
    expect(await admin.textContent('[role=status]')).toContain('Imported: 1 product added, 0 products changed.')
    const imported = await shop.call('GET', '/api/products?category=tea-ware')
    expect(imported.body.items.map((p: { sku: string }) => p.sku)).toEqual(expect.arrayContaining([sku, cups]))

    // customers from the old shop: one imported and invited, the invitation in the inbox
    await visit(admin, '/admin/users/import')
    await accessible(admin)
    const moved = `moved-${crypto.randomUUID().slice(0, 6)}@example.com`
    await admin.setInputFiles('#f-file', {
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`email,name,marketing\n${moved},Moved Over,no\n`),
    })
    await admin.check('input[name=invite]')
    await admin.click('main button:has-text("Import")')
    expect(await admin.textContent('[role=status]')).toContain('Imported: 1 customer added; 0 e-mails had an account')
    await shop.mailAbout(moved, 'Your Shopfront account is ready')

    // the shopper buys one (through the API), the admin ships and delivers it
    await shop.call('PATCH', '/api/users/me', { token: shopper!.token, body: { marketingOptIn: true } })
    const order = await shop.buy(shopper!.token, { [productId]: 1 })
    await visit(admin, `/admin/orders?email=${encodeURIComponent(shopper!.email)}`)
    // the list as a spreadsheet, through the gateway: the one order the filter finds
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('text=Download these as CSV')])
    expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/)
    const rows = (await Bun.file(await download.path()).text()).trimEnd().split('\r\n')
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatch(new RegExp(`^${order.number},[^,]+,paid,`))
    await admin.click(`text=${order.number}`)
    // the packing slip to put in the parcel: the items and the address, no prices
    await admin.click('text=Packing slip')
    await accessible(admin)
    expect(await admin.textContent('main')).toContain(`Order ${order.number}`)
    expect(await admin.textContent('main')).not.toContain('$')
    await admin.click('text=Back')
    await admin.fill('#f-trackingNumber', 'TRACK-TEA-1')
    await admin.click('button:has-text("Mark as shipped")')
    expect(await admin.textContent('[role=status]')).toContain('Marked as shipped')
    await admin.click('button:has-text("Mark as delivered")')
    expect(await admin.textContent('[role=status]')).toContain('Marked as delivered')
    await accessible(admin)
    await shot(admin, 'admin-order')

    // delivered, the shopper reviews it (through the API)
    const review = await shop.call('PUT', `/api/reviews/${productId}/mine`, {
      token: shopper!.token,
      body: { rating: 1, title: 'Far too heavy', body: 'It weighs a ton.' },
    })
    expect(review.status).toBe(200)
    // another shopper thinks it unfair and reports it
    const reported = await shop.call('PUT', `/api/reviews/reports/${review.body.id}`, {
      token: reader!.token,
      body: { reason: 'It is a cast iron teapot: of course it is heavy.' },
    })
    expect(reported.status).toBe(204)

    // the shopper asks for a return; the admin makes a support agent of another account
    const ticket = await shop.call('POST', '/api/tickets', {
      token: shopper!.token,
      body: {
        type: 'return',
        subject: 'Return the teapot',
        message: 'It is too heavy for me.',
        orderId: order.id,
      },
    })
    expect(ticket.status).toBe(201)
    await visit(admin, `/admin/users?q=${encodeURIComponent(agent!.email)}`)
    await admin.click(`text=${agent!.email}`)
    await admin.check('input[name=support]')
    await admin.click('button:has-text("Save roles")')
    expect(await admin.textContent('[role=status]')).toContain('Roles saved')

    // the agent works the ticket: a reply, then the return approved after a confirmation
    const desk = await signedIn(agent!.email, 'shopper password 1')
    await visit(desk, '/admin/tickets?type=return')
    await desk.click(`text=${ticket.body.number}`)
    await accessible(desk)
    await desk.fill('#f-body', 'Sorry to hear it. Send it back; we refund as soon as it is approved.')
    await desk.click('button:has-text("Send reply")')
    expect(await desk.textContent('[role=status]')).toContain('Reply sent')
    await desk.click('text=Approve and refund…')
    await accessible(desk)
    await desk.click('main button:has-text("Approve and refund")')
    expect(await desk.textContent('[role=status]')).toContain('Return approved')
    // what happened and who did it, as support recorded it, in the staff's words
    const history = await desk.textContent('section[aria-labelledby=history]')
    expect(history).toMatch(
      /Opened.*by the customer.*Assigned to you.*by you.*In progress \(agent replied\).*by you.*Resolved \(return approved\).*by you/s,
    )
    await shot(desk, 'admin-ticket')
    // the agent answers the one-star review in public, then hides it from the shop (its author still sees both)
    await desk.click('nav[aria-label="Back office"] >> text=Reviews')
    await accessible(desk)
    expect(await desk.textContent('main')).toContain('Far too heavy')
    expect(await desk.textContent('tr:has-text("Far too heavy")')).toContain(
      'Reported by 1 shopper: It is a cast iron teapot: of course it is heavy.',
    )
    await desk.click('tr:has-text("Far too heavy") summary:has-text("Reply")')
    await desk.fill('tr:has-text("Far too heavy") textarea[name=reply]', 'Sorry! We have taken it back.')
    await desk.click('tr:has-text("Far too heavy") button:has-text("Save the reply")')
    expect(await desk.textContent('[role=status]')).toContain('Replied: the shop shows your answer')
    expect((await shop.call('GET', `/api/reviews/${productId}`)).body.items[0].reply).toBe(
      'Sorry! We have taken it back.',
    )
    await desk.click('tr:has-text("Far too heavy") button:has-text("Hide")')
    expect(await desk.textContent('[role=status]')).toContain('Hidden: the shop no longer shows it')
    await shot(desk, 'admin-reviews')
    expect((await shop.call('GET', `/api/reviews/${productId}`)).body.total).toBe(0)
    // the agent is not an admin: the services and the pages say so
    expect((await desk.goto(`${session.platform.gatewayUrl}/admin/products`))!.status()).toBe(403)
    expect((await desk.goto(`${session.platform.gatewayUrl}/admin/users`))!.status()).toBe(403)

    // refunded and restocked, in the back office and for the shopper
    await visit(admin, `/admin/orders/${order.id}`)
    expect(await admin.textContent('main')).toContain('Refunded')
    await visit(admin, `/admin/products/${productId}`)
    expect(await admin.textContent('main')).toContain('10 on hand')
    await shot(admin, 'admin-product')
    expect((await shop.call('GET', `/api/orders/${order.id}`, { token: shopper!.token })).body.status).toBe('refunded')
    await until(
      async () => {
        const subjects = await subjectsTo(shopper!.email)
        return [/is shipped/, /is delivered/, /Re: \[T-/, /is refunded/].every((s) => subjects.some((x) => s.test(x)))
      },
      { timeoutMs: 20_000, what: 'the shipped, delivered, reply and refund e-mails' },
    )
    await visit(admin, '/admin')
    expect(await admin.textContent('main')).toMatch(/Orders today\s*1/)
    await shot(admin, 'admin-dashboard')
    // the sales report: another shopper buys two; the teapot that came back is not counted, these two are
    const [buyer] = await shop.shoppers(1, 'report')
    await shop.buy(buyer!.token, { [productId]: 2 })
    await admin.click('nav[aria-label="Back office"] >> text=Reports')
    expect(await admin.textContent('h1')).toBe('Sales report')
    expect(await admin.textContent('.kpis')).toMatch(/Orders placed\s*2\s*Takings\s*\$90\.00/)
    const best = admin.locator('table:has(caption:has-text("Best sellers")) tbody tr')
    expect(await best.count()).toBe(1)
    expect((await best.first().textContent())?.replace(/\s+/g, ' ')).toContain(`Cast Iron Teapot${sku}2$90.00`)
    await accessible(admin)
    await shot(admin, 'admin-report')
    // on a phone every section of the back office is in reach, none past the screen's edge
    await admin.setViewportSize({ width: 375, height: 800 })
    const sections = admin.locator('nav[aria-label="Back office"] a')
    expect(await sections.count()).toBe(8)
    for (const box of await Promise.all((await sections.all()).map((a) => a.boundingBox())))
      expect(box!.x + box!.width).toBeLessThanOrEqual(375)
    await admin.context().close()
    await desk.context().close()
  }, 180_000)

  it('When an admin sends a campaign, then it goes to the opted-in customers and the page shows it complete', async () => {
    const admin = await signedIn('admin@shopfront.dev', 'shopfront-admin-dev', '/admin/promotions/new')
    // nothing the browser warns of, the e-mail's preview frame included
    const warnings: string[] = []
    admin.on('console', (m) => ['warning', 'error'].includes(m.type()) && warnings.push(m.text()))
    await accessible(admin)
    const code = `TEA${Math.floor(Math.random() * 10_000)}`
    await admin.fill('#f-code', code)
    await admin.fill('#f-value', '10')
    await admin.fill('#f-subject', 'Tea time: 10% off')
    await admin.fill('#f-body', 'Our new teapots are in.')
    await admin.click('button:has-text("Create promotion")')
    await admin.waitForURL(/\/admin\/promotions\/[0-9a-f-]{36}/)
    await accessible(admin)
    await admin.click('text=Send the campaign…')
    await admin.click('main button:has-text("Send it")')
    // the page reloads itself until every e-mail has gone out
    await expect
      .poll(async () => (await admin.textContent('#campaign-progress')) ?? '', { timeout: 30_000, interval: 1000 })
      .toMatch(/Sent: (\d+) of \1 queued · [1-9]\d* sent · 0 pending · 0 failed/)
    await shot(admin, 'admin-campaign')
    expect(warnings).toEqual([])
    await admin.context().close()
  }, 120_000)

  it('When an admin makes a signed-in customer an agent, then disables them, then their open browser and their API token follow within seconds', async () => {
    const admin = await signedIn('admin@shopfront.dev', 'shopfront-admin-dev', '/admin')
    const [customer] = await shopClient(session.platform).shoppers(1, 'demoted')
    const browser = await signedIn(customer!.email, 'shopper password 1', '/account')
    const me = () =>
      fetch(`${session.platform.gatewayUrl}/api/users/me`, { headers: { authorization: `Bearer ${customer!.token}` } })
    expect((await me()).status).toBe(200)
    await visit(admin, `/admin/users?q=${encodeURIComponent(customer!.email)}`)
    await admin.click(`text=${customer!.email}`)
    const userPage = admin.url()
    await admin.check('input[name=support]')
    await admin.click('button:has-text("Save roles")')
    expect(await admin.textContent('[role=status]')).toContain('Roles saved; they apply within seconds')
    // the open session picks up the new role without signing in again; the old token carried the old roles
    await until(async () => (await browser.goto(`${session.platform.gatewayUrl}/admin/tickets`))?.status() === 200, {
      timeoutMs: 15_000,
      what: 'the support queue for the new agent',
    })
    await until(async () => (await me()).status === 401, { timeoutMs: 15_000, what: 'the old token refused' })

    await admin.goto(`${userPage}/disable`)
    await admin.click('main button:has-text("Disable")')
    expect(await admin.textContent('[role=status]')).toContain('Disabled: every session of the account ends')
    await until(
      async () => {
        await browser.goto(`${session.platform.gatewayUrl}/admin/tickets`)
        return new URL(browser.url()).pathname === '/signin'
      },
      { timeoutMs: 15_000, what: 'the disabled agent signed out' },
    )
    await browser.context().close()
    await admin.context().close()
  }, 90_000)

  it('When a visitor or a customer opens /admin, then the visitor signs in first and the customer is refused', async () => {
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${session.platform.gatewayUrl}/admin`)
    expect(new URL(page.url()).pathname).toBe('/signin')
    await context.close()
    const [customer] = await shopClient(session.platform).shoppers(1, 'refused')
    const shopperPage = await signedIn(customer!.email, 'shopper password 1', '/account')
    const refused = await shopperPage.goto(`${session.platform.gatewayUrl}/admin`)
    expect(refused!.status()).toBe(403)
    expect(await shopperPage.textContent('main')).toContain('The back office is for the shop’s staff')
    await accessible(shopperPage)
    await shopperPage.context().close()
  }, 60_000)
})
