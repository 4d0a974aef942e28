import postgres from 'postgres'
import { readMail } from '@shopfront/mail-inbox/decode'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { until } from '@shopfront/kit/testing'
import { startApiPlatform, type Platform } from './platform.ts'
import { dbUrl, shopClient } from './shop.ts'

let platform: Platform
let shop: ReturnType<typeof shopClient>
let admin: string
const card = (cardNumber = '4242424242424242') => ({ cardNumber, expMonth: 12, expYear: 2031, cvc: '123' })

beforeAll(async () => {
  platform = await startApiPlatform({
    apps: ['gateway', 'users', 'products', 'cart', 'sales'],
    database: inject('testDatabaseUrl'),
    sandbox: { slowMs: 4000 },
    overrides: {
      'products-test.yml': 'catalog:\n  demo: false\nstock:\n  reservationTtlSeconds: 20\n  sweepIntervalMs: 500\n',
      'sales-test.yml':
        'payments:\n  timeoutMs: 1000\ncheckout:\n  reservationTtlSeconds: 20\n  leaseSeconds: 3\n  recoveryIntervalMs: 500\n',
    },
  })
  shop = shopClient(platform)
  admin = await shop.admin()
}, 90_000)
afterAll(() => platform?.stop(), 30_000)

const checkout = (token: string, number?: string, key: string = crypto.randomUUID()) =>
  shop.call('POST', '/api/checkout', { token, body: { payment: card(number) }, headers: { 'idempotency-key': key } })
const available = async (productId: string) =>
  (await shop.call('GET', `/api/products/${productId}`)).body.available as number
const sandboxPayments = async (orderId: string) =>
  (
    (await (
      await fetch(`${platform.sandboxUrl}/v1/payments?reference=${orderId}`, {
        headers: { authorization: 'Bearer sk_test_shopfront' },
      })
    ).json()) as any
  ).data as any[]

describe('checkout end to end, through the gateway, with real processes', () => {
  it('When a newcomer browses, fills the cart and pays with 4242, then the order is paid, one confirmation arrives, the cart is empty and the stock went down by the quantity', async () => {
    const productId = await shop.createProduct(admin, { stock: 7, price: 1999, name: 'Walnut Desk Lamp' })
    const token = await shop.signUp('buyer@example.com')
    expect((await shop.call('GET', '/api/products?q=walnut')).body.items.map((p: any) => p.id)).toContain(productId)
    expect((await shop.call('POST', '/api/cart/items', { token, body: { productId, quantity: 3 } })).status).toBe(201)
    const address = { line1: '742 Evergreen Terrace', city: 'Springfield', postalCode: '49007', country: 'US' }
    expect((await shop.call('PATCH', '/api/users/me', { token, body: { shippingAddress: address } })).status).toBe(200)

    const res = await checkout(token)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      status: 'paid',
      total: 5997,
      items: [{ productId, quantity: 3, unitPrice: 1999 }],
      shippingAddress: address,
    })
    expect(await available(productId)).toBe(4)
    expect((await shop.call('GET', '/api/cart', { token })).body.items).toEqual([])
    await shop.mailAbout('buyer@example.com', `Your Shopfront order ${res.body.number}`, 10_000)
    await new Promise((r) => setTimeout(r, 1500))
    const confirmations = (await shop.mailTo('buyer@example.com')).filter((m) =>
      m.Content.Headers.Subject[0].startsWith('Your Shopfront order'),
    )
    expect(confirmations).toHaveLength(1)
    expect((await readMail(confirmations[0])).text).toContain('Walnut Desk Lamp')
    // the purchase history in users comes from sales
    expect((await shop.call('GET', '/api/users/me/orders', { token })).body.items.map((o: any) => o.id)).toEqual([
      res.body.id,
    ])
    expect(
      (await shop.call('GET', `/api/orders/${res.body.id}`, { token })).body.history.map((h: any) => h.status),
    ).toEqual(['pending', 'paid'])
  }, 60_000)

  it('When each failing card is used, then stock, cart and payments are as they were, and the answer says why', async () => {
    const productId = await shop.createProduct(admin, { stock: 5 })
    const [{ token }] = await shop.shoppers(1, 'failing')
    await shop.call('POST', '/api/cart/items', { token: token!, body: { productId, quantity: 2 } })
    for (const [number, status, reason] of [
      ['4000000000000002', 402, 'card_declined'],
      ['4000000000009995', 402, 'insufficient_funds'],
      ['4000000000000119', 503, 'payment_unavailable'],
    ] as const) {
      const res = await checkout(token!, number)
      expect(res.status, number).toBe(status)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.body.reason).toBe(reason)
      expect(await available(productId)).toBe(5)
      expect((await shop.call('GET', '/api/cart', { token })).body.items).toEqual([
        expect.objectContaining({ productId, quantity: 2 }),
      ])
      expect(
        (await sandboxPayments(res.body.orderId)).filter((p) => p.status === 'captured' || p.status === 'authorized'),
      ).toEqual([])
    }
  }, 60_000)

  it('When the card is too slow, then the client gets a clear 503 within the timeout, nothing stays held, and repeated slowness opens the breaker until the provider answers again', async () => {
    const productId = await shop.createProduct(admin, { stock: 5 })
    const [{ token }] = await shop.shoppers(1, 'slow')
    await shop.call('POST', '/api/cart/items', { token: token!, body: { productId, quantity: 1 } })
    const res = await checkout(token!, '4000000000006975')
    expect(res).toMatchObject({ status: 503, body: { reason: 'payment_unavailable', retryable: true } })
    // the client heard back while the provider was still authorizing, not when it finished
    expect((await sandboxPayments(res.body.orderId))[0]?.status).toBe('processing')
    expect(await available(productId)).toBe(5)
    // the provider completes the authorization after the client heard back: recovery voids it
    await until(async () => (await sandboxPayments(res.body.orderId))[0]?.status === 'voided', {
      timeoutMs: 15_000,
      what: 'the late authorization voided',
    })

    // slow again and again: the breaker opens, and checkouts are told at once, without waiting for the provider
    for (let i = 0; i < 2; i++) expect((await checkout(token!, '4000000000006975')).status).toBe(503)
    const ready = (await (await fetch(`${await platform.instanceUrl('sales')}/health/ready`)).json()) as any
    expect(JSON.stringify(ready)).toContain('"payments":"open"')
    const paused = await checkout(token!)
    expect(paused.body, JSON.stringify(paused.body)).toMatchObject({ reason: 'payment_unavailable' })
    // told by the open breaker: the provider never heard of this order
    expect(paused.body.orderId).toEqual(expect.any(String))
    expect(await sandboxPayments(paused.body.orderId)).toEqual([])
    // once the breaker lets a trial call through and it succeeds, checkouts pay again
    await until(async () => (await checkout(token!)).status === 201, {
      timeoutMs: 15_000,
      stepMs: 500,
      what: 'payments back',
    })
  }, 60_000)

  it('When 100 shoppers check out the last 10 units at once, then 10 orders are paid, 90 are told it is out of stock, stock is 0 and 10 confirmations go out', async () => {
    const productId = await shop.createProduct(admin, { stock: 10, name: 'Last Lamp' })
    const shoppers = await shop.shoppers(100, 'rush')
    // every cart gets its unit (retrying what a busy machine answers as retryable), or the test says so
    const fill = async (token: string) => {
      let added = await shop.call('POST', '/api/cart/items', { token, body: { productId, quantity: 1 } })
      for (let tries = 1; added.status !== 201 && added.body?.retryable && tries < 5; tries++) {
        await new Promise((r) => setTimeout(r, 200 * tries))
        added = await shop.call('POST', '/api/cart/items', { token, body: { productId, quantity: 1 } })
      }
      return `${added.status} ${added.body?.detail ?? ''}`.trim()
    }
    const filled: string[] = []
    for (let i = 0; i < shoppers.length; i += 20)
      filled.push(...(await Promise.all(shoppers.slice(i, i + 20).map(({ token }) => fill(token)))))
    expect(filled.filter((f) => f !== '201')).toEqual([])
    // as a shop's front end would: a retryable 503 (nothing charged: a neighbour was too slow on a
    // busy machine) is tried again as a new checkout, a few times; the answers counted are the last
    const persistent = async (token: string) => {
      let answer = await checkout(token)
      for (let tries = 1; answer.status === 503 && answer.body?.retryable && tries < 5; tries++)
        answer = await checkout(token)
      return answer
    }
    const answers = await Promise.all(shoppers.map(({ token }) => persistent(token)))
    const statuses = answers.map((a) => a.status)
    const others = answers
      .filter((a) => a.status !== 201 && a.status !== 409)
      .map((a) => `${a.status} ${a.body?.detail}`)
    expect(others).toEqual([])
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    expect(statuses.filter((s) => s === 409)).toHaveLength(90)
    expect(
      answers
        .filter((a) => a.status === 409)
        .every((a) => a.body.reason === 'out_of_stock' && /Not enough Last Lamp/.test(a.body.detail)),
    ).toBe(true)
    expect(await available(productId)).toBe(0)
    const products = postgres(dbUrl(platform, 'products'), { max: 1, onnotice: () => {} })
    expect((await products`select on_hand, reserved from products where id = ${productId}`)[0]).toEqual({
      on_hand: 0,
      reserved: 0,
    })
    await products.end()
    const paid = shoppers.filter((_, i) => answers[i]!.status === 201)
    await until(
      async () => (await Promise.all(paid.map(async (s) => (await shop.mailTo(s.email)).length))).every((n) => n === 1),
      { timeoutMs: 20_000, what: '10 confirmations' },
    )
  }, 120_000)

  it('When users is down, then a customer who has ordered before still checks out (with the contact sales kept), also at a sales started meanwhile, and a first-time buyer checks out with the contact in their token and the address they send', async () => {
    const productId = await shop.createProduct(admin, { stock: 10, name: 'Enamel Mug' })
    const [regular, newcomer] = await shop.shoppers(2, 'users-down')
    const fill = (token: string) => shop.call('POST', '/api/cart/items', { token, body: { productId, quantity: 1 } })
    for (const { token } of [regular!, newcomer!]) expect((await fill(token)).status).toBe(201)
    expect((await checkout(regular!.token)).status).toBe(201)
    expect((await fill(regular!.token)).status).toBe(201)
    await platform.kill('users')
    try {
      const again = await checkout(regular!.token)
      expect(again.status, JSON.stringify(again.body)).toBe(201)
      expect(again.body.customer.email).toBe(regular!.email)
      // no order before, so no address kept: the newcomer is asked for one, and sends it
      const asked = await checkout(newcomer!.token)
      expect(asked.status).toBe(422)
      expect(asked.body.errors[0].path).toBe('shippingAddress')
      const shippingAddress = { line1: '7 Pine Rd', city: 'Capital City', postalCode: '22222', country: 'US' }
      const first = await shop.call('POST', '/api/checkout', {
        token: newcomer!.token,
        body: { payment: card(), shippingAddress },
        headers: { 'idempotency-key': crypto.randomUUID() },
      })
      expect(first.status, JSON.stringify(first.body)).toBe(201)
      expect(first.body).toMatchObject({ customer: { email: newcomer!.email }, shippingAddress })
      // a sales started now gets no service token from users: it signs its own, with the key it
      // published in the registry, which the cart and products read
      await platform.kill('sales')
      await platform.restart('sales')
      expect((await fill(regular!.token)).status).toBe(201)
      const fresh = await checkout(regular!.token)
      expect(fresh.status, JSON.stringify(fresh.body)).toBe(201)
    } finally {
      await platform.restart('users')
    }
    await shop.mailAbout(regular!.email, /Your Shopfront order/, 10_000)
    await shop.mailAbout(newcomer!.email, /Your Shopfront order/, 10_000)
    expect(await available(productId)).toBe(6)
  }, 60_000)

  it('When sales is killed in the middle of checkouts and restarted, then no order stays pending and no stock stays reserved', async () => {
    const productId = await shop.createProduct(admin, { stock: 100 })
    const shoppers = await shop.shoppers(12, 'crash')
    await Promise.all(
      shoppers.map(({ token }) => shop.call('POST', '/api/cart/items', { token, body: { productId, quantity: 2 } })),
    )
    const sales = postgres(dbUrl(platform, 'sales'), { max: 1, onnotice: () => {} })
    const products = postgres(dbUrl(platform, 'products'), { max: 1, onnotice: () => {} })
    try {
      const inFlight = Promise.all(shoppers.map(({ token }) => checkout(token)))
      // the moment checkouts are under way: orders written, not finished
      let pendingAtKill = 0
      await until(
        async () =>
          (pendingAtKill = (await sales`select count(*)::int as n from orders where status = 'pending'`)[0]!.n) > 0,
        { timeoutMs: 5000, stepMs: 5, what: 'checkouts under way' },
      )
      await platform.kill('sales')
      expect(pendingAtKill).toBeGreaterThan(0)
      const answers = await inFlight
      expect(
        answers.every((a) => a.status < 500 || a.body?.retryable === true),
        JSON.stringify(answers.map((a) => a.status)),
      ).toBe(true)
      await platform.restart('sales')
      await until(
        async () => (await sales`select count(*)::int as n from orders where status = 'pending'`)[0]!.n === 0,
        { timeoutMs: 20_000, what: 'no pending order' },
      )
      await until(
        async () => (await products`select count(*)::int as n from reservations where status = 'reserved'`)[0]!.n === 0,
        { timeoutMs: 20_000, what: 'no reservation held' },
      )
      const paidUnits = (
        await sales`select coalesce(sum(l.quantity), 0)::int as n from orders o join order_lines l on l.order_id = o.id where o.status = 'paid' and l.product_id = ${productId}`
      )[0]!.n
      expect((await products`select on_hand, reserved from products where id = ${productId}`)[0]).toEqual({
        on_hand: 100 - paidUnits,
        reserved: 0,
      })
    } finally {
      await sales.end()
      await products.end()
    }
  }, 90_000)
})
