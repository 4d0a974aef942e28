/**
 * Every e-mail the platform sends, as a shopper reads it in the inbox (Chromium): the
 * verification and password-reset codes, the order confirmation with its pictures, the
 * shipping notice, a support reply, a promotion and a product back in stock. Each is checked (its pictures load
 * from the shop, its button leads to the shop's page, axe-core finds nothing serious in the
 * inbox's pages). UPDATE_SCREENSHOTS=1 writes the README's screenshots (docs/screenshots).
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserOnPlatform, hasChromium, screenshots, seriousViolations } from './browser.ts'
import { shopClient } from './shop.ts'

describe.skipIf(!hasChromium())('the e-mails in the inbox', () => {
  // products looks for shoppers to tell a product is back every second, not every minute
  const session = browserOnPlatform({ 'products-bench.yml': 'stock:\n  alertIntervalMs: 1000\n' })
  const email = `reader-${crypto.randomUUID().slice(0, 8)}@example.com`

  /** The inbox's id of the newest message to the reader whose subject matches, once it has come. */
  const messageId = async (subject: RegExp) => (await shopClient(session.platform).mailAbout(email, subject, 20_000)).ID

  /** Opens a message in the inbox, checks the page with axe-core, and the e-mail's frame once its pictures are in. */
  const open = async (page: Page, subject: RegExp, shot: string) => {
    await page.goto(`${session.platform.inboxUrl}/messages/${encodeURIComponent(await messageId(subject))}`)
    const frame = page.frameLocator('iframe')
    await expect
      .poll(() => frame.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete)))
      .toBe(true)
    // the frame as tall as the e-mail, so the screenshot shows all of it
    const height = await frame.locator('body').evaluate((b) => b.scrollHeight)
    await page.locator('iframe').evaluate((f, h) => {
      ;(f as HTMLIFrameElement).style.height = `${h + 20}px`
    }, height)
    const violations = await seriousViolations(page)
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
    await page.screenshot({ path: join(screenshots, `${shot}.png`), fullPage: true })
    return frame
  }

  it('When a shopper registers, buys, is shipped to, asks support and gets a promotion, then each e-mail reads well in the inbox and leads to the shop (and the registry’s pages show the platform)', async () => {
    const shop = shopClient(session.platform)
    const admin = await shop.admin()
    const token = await shop.signUp(email, 'a long reader password')
    expect((await shop.call('POST', '/api/auth/password-reset', { body: { email } })).status).toBe(202)
    const address = { line1: '12 Harbour Road', city: 'Springfield', postalCode: '12345', country: 'US' }
    await shop.call('PATCH', '/api/users/me', {
      token,
      body: { name: 'Robin Reader', shippingAddress: address, marketingOptIn: true },
    })
    const [beans, press] = (await shop.call('GET', '/api/products?q=coffee&inStock=true&limit=2')).body.items
    const order = await shop.buy(token, { [beans.id]: 1, [press.id]: 1 })
    await shop.call('PATCH', `/api/orders/${order.id}/status`, {
      token: admin,
      body: { status: 'shipped', trackingNumber: 'SF-TRACK-0042' },
    })
    const ticket = await shop.call('POST', '/api/tickets', {
      token,
      body: {
        type: 'inquiry',
        subject: 'Grind size for the press',
        message: 'Which grind should I use?',
        orderId: order.id,
      },
    })
    await shop.call('POST', `/api/tickets/${ticket.body.id}/messages`, {
      token: admin,
      body: { body: 'Coarse, like sea salt.\n\nFour minutes of brewing, then press slowly. Enjoy!' },
    })
    const promo = await shop.call('POST', '/api/promotions', {
      token: admin,
      body: {
        code: `SPRING${Math.floor(Math.random() * 1000)}`,
        kind: 'percent',
        value: 15,
        subject: 'Spring coffee days: 15% off',
        body: 'New roasts are in, and the kettles are on.\n\nFor a week, everything in the shop is 15% off.',
      },
    })
    await shop.call('POST', `/api/promotions/${promo.body.id}/send`, { token: admin })
    const kettle = await shop.call('POST', '/api/products', {
      token: admin,
      body: {
        sku: `KETTLE-${Date.now()}`,
        name: 'Gooseneck Kettle',
        price: { amount: 5900, currency: 'USD' },
        stock: 0,
      },
    })
    // signed in again, the token carries the name the profile now has: the alert writes to it
    const renamed = await shop.login(email, 'a long reader password')
    expect((await shop.call('PUT', `/api/stock-alerts/${kettle.body.id}`, { token: renamed })).status).toBe(200)
    await shop.call('POST', `/api/products/${kettle.body.id}/stock`, {
      token: admin,
      body: { delta: 6, reason: 'delivery' },
    })

    const context = await session.browser.newContext({ viewport: { width: 1100, height: 900 } })
    const page = await context.newPage()
    const code = await open(page, /Your Shopfront code/, 'mail-verification')
    expect(await code.locator('td', { hasText: /^\d{6}$/ }).count()).toBe(1)
    await open(page, /password reset code/, 'mail-password-reset')

    const confirmation = await open(page, new RegExp(`order ${order.number}$`), 'mail-order')
    const pictures = await confirmation
      .locator('img')
      .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))
    expect(pictures).toEqual([160, 160])
    expect(await confirmation.locator('a', { hasText: 'View your order' }).getAttribute('href')).toBe(
      `${session.platform.gatewayUrl}/orders/${order.id}`,
    )
    // the button opens the order page (sign-in first)
    const shopPage = await (
      await fetch(`${session.platform.gatewayUrl}/orders/${order.id}`, { redirect: 'manual' })
    ).headers.get('location')
    expect(shopPage).toBe(`/signin?next=%2Forders%2F${order.id}`)

    await open(page, /is shipped/, 'mail-shipped')
    const reply = await open(page, /Re: \[T-\d+\]/, 'mail-ticket-reply')
    expect(await reply.locator('a', { hasText: 'Reply on your ticket' }).getAttribute('href')).toBe(
      `${session.platform.gatewayUrl}/tickets/${ticket.body.id}`,
    )
    const offer = await open(page, /Spring coffee days/, 'mail-promotion')
    expect(await offer.locator('a', { hasText: 'Shop now' }).getAttribute('href')).toBe(
      `${session.platform.gatewayUrl}/promo/${promo.body.code}`,
    )
    const back = await open(page, /Back in stock: Gooseneck Kettle/, 'mail-back-in-stock')
    expect(
      await back.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)),
    ).toEqual([160])
    expect(await back.locator('a', { hasText: 'See it in the shop' }).getAttribute('href')).toBe(
      `${session.platform.gatewayUrl}/products/${kettle.body.id}`,
    )

    // on a phone the same e-mail fits the screen
    const phone = await session.browser.newContext({ viewport: { width: 375, height: 800 } })
    const small = await phone.newPage()
    await open(small, new RegExp(`order ${order.number}$`), 'mail-order-phone')
    const width = await small
      .frameLocator('iframe')
      .locator('body')
      .evaluate((b) => b.scrollWidth)
    expect(width).toBeLessThanOrEqual(375)

    // the inbox's list, with every one of them
    await page.goto(session.platform.inboxUrl)
    expect(await page.locator('#messages tr', { hasText: email }).count()).toBeGreaterThanOrEqual(7)
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([])
    await page.screenshot({ path: join(screenshots, 'inbox.png') })

    // the registry's pages, as Consul's UI shows a platform: services, one service, the KV store
    await page.goto(`${session.platform.registryUrl}/ui/`)
    expect(new URL(page.url()).pathname).toBe('/ui/dc1/services')
    expect(await page.textContent('main')).toContain('gateway')
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([])
    await page.screenshot({ path: join(screenshots, 'registry-services.png') })
    await page.click('text=sales')
    expect(await page.textContent('main')).toContain('Health checks')
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([])
    await page.screenshot({ path: join(screenshots, 'registry-service.png') })
    await page.goto(`${session.platform.registryUrl}/ui/dc1/kv/`)
    await page.fill('#key', 'shopfront/notes/hello')
    await page.fill('#value', 'written from the registry page')
    await page.click('button:has-text("Save")')
    expect(await page.inputValue('#value')).toBe('written from the registry page')
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([])
    await phone.close()
    await context.close()
  }, 120_000)
})
