/**
 * The storefront in a real browser on the real platform while a service stops: products
 * (the shop says it is back in a moment, the cart still reads) and users (signed-in
 * shoppers shop and check out, API clients and apps started meanwhile go on). Its own file
 * and platform: the services it kills and restarts would disturb the shopping journeys in
 * storefront.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { until } from '@shopfront/kit/testing'
import { browserOnPlatform, hasChromium } from './browser.ts'
import { plainHttp } from './platform.ts'
import { shopClient } from './shop.ts'

describe.skipIf(!hasChromium())('the storefront while a service stops', () => {
  const session = browserOnPlatform(plainHttp)
  const { visit, accessible, signIn } = session

  it('When products stops mid-session, then the shop says it is back in a moment and the cart still reads, its prices marked', async () => {
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await visit(page, '/products?q=grinder')
    await page.click('.card a >> nth=0')
    await page.click('button:has-text("Add to cart")')
    await session.platform.kill('products')
    try {
      const search = await page.goto(`${session.platform.gatewayUrl}/products?q=kettle`)
      expect(search!.status()).toBe(503)
      expect(await page.textContent('h1')).toBe('Back in a moment')
      await accessible(page)
      const cart = await page.goto(`${session.platform.gatewayUrl}/cart`)
      expect(cart!.status()).toBe(200)
      const text = await page.textContent('main')
      expect(text).toContain('Burr Coffee Grinder')
      expect(text).toContain('may have changed')
    } finally {
      await session.platform.restart('products')
    }
    await context.close()
  })

  it('When users stops mid-session, then a signed-in shopper still searches, fills the cart and places a first order, an API client’s token still works, and apps started meanwhile show the catalog and the shopper’s cart and give a guest one', async () => {
    const [shopper] = await shopClient(session.platform).shoppers(1, 'users-outage')
    const shop = session.platform.gatewayUrl
    const page = await (await session.browser.newContext()).newPage()
    await page.goto(`${shop}/signin?next=%2Fcart`)
    await signIn(page, shopper!.email, 'shopper password 1')
    await page.waitForURL(/\/cart$/)
    // services that have verified tokens before hold the signing keys; one started later reads
    // the copy users keeps in the registry
    const cartApi = () => fetch(`${shop}/api/cart`, { headers: { authorization: `Bearer ${shopper!.token}` } })
    expect((await cartApi()).status).toBe(200)
    await page.goto(`${shop}/products?q=grinder`)
    await session.platform.kill('users')
    try {
      // past the verifiers' revocations interval: each has asked users again, and goes on without it
      await Bun.sleep(6000)
      expect((await page.goto(`${shop}/products?q=kettle`))!.status()).toBe(200)
      await page.goto(`${shop}/products?q=grinder`)
      await page.click('.card a >> nth=0')
      await page.click('button:has-text("Add to cart")')
      const cart = await page.goto(`${shop}/cart`)
      expect(cart!.status()).toBe(200)
      expect(await page.textContent('main')).toContain('Burr Coffee Grinder')
      await session.accessible(page)
      expect((await cartApi()).status).toBe(200)
      // and buys it: a first order, with the e-mail and name in the shopper's token and the address typed
      await page.goto(`${shop}/checkout`)
      expect(await page.textContent('[role=alert]')).toContain('saved address cannot be read')
      await session.fillCheckout(page, '8 Outage Ave', '4242 4242 4242 4242')
      await page.click('button:has-text("Place order")')
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}/)
      expect(await page.textContent('main')).toContain('8 Outage Ave')
      await page.goto(`${shop}/products?q=grinder`)
      await page.click('.card a >> nth=0')
      await page.click('button:has-text("Add to cart")')
      // a web app started meanwhile gets no service token from users: it signs its own
      await session.platform.kill('web')
      await session.platform.restart('web')
      // (the registry and the gateway take a moment to drop the killed instance: only the new one can answer)
      await until(async () => (await page.goto(`${shop}/products?q=grinder`))?.status() === 200, {
        timeoutMs: 20_000,
        what: 'the catalog from the web app started while users is down',
      })
      expect(await page.textContent('main')).toContain('Burr Coffee Grinder')
      // the shopper is still signed in there and sees their cart
      expect((await page.goto(`${shop}/cart`))!.status()).toBe(200)
      expect(await page.textContent('main')).toContain('Burr Coffee Grinder')
      expect(await page.textContent('nav[aria-label=Account]')).toContain('Orders')
      // and a guest (a browser of its own) gets a guest cart at the cart service with it
      const guest = await (await session.browser.newContext()).newPage()
      await guest.goto(`${shop}/products?q=grinder`)
      await guest.click('.card a >> nth=0')
      await guest.click('button:has-text("Add to cart")')
      expect(await guest.textContent('[role=status]')).toContain('is in your cart')
      await guest.context().close()
      // a cart service and a gateway started meanwhile have never fetched the signing keys: they
      // read the copy users keeps in the registry, and the API token still works
      for (const app of ['cart', 'gateway']) {
        await session.platform.kill(app)
        await session.platform.restart(app)
      }
      // (the registry may still list the killed gateway: until the new one listens, nothing does)
      await until(
        () =>
          cartApi().then(
            (res) => res.status === 200,
            () => false,
          ),
        {
          timeoutMs: 20_000,
          what: 'the cart API through a gateway and a cart started while users is down',
        },
      )
    } finally {
      await session.platform.restart('users')
    }
    await page.context().close()
  }, 90_000)
})
