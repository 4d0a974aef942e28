import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { until } from '@shopfront/kit/testing'
import { startApiPlatform, type Platform } from './platform.ts'
import { shopClient } from './shop.ts'

let platform: Platform
let shop: ReturnType<typeof shopClient>
let admin: string

beforeAll(async () => {
  platform = await startApiPlatform({
    apps: ['gateway', 'users', 'products', 'cart', 'sales', 'support'],
    database: inject('testDatabaseUrl'),
    overrides: {
      // sign-ups are the setup here, not the subject: the gateway's strict auth limit would stop them
      'gateway-test.yml': 'gateway:\n  rateLimits:\n    auth: { anonymous: 1000, user: 1000, windowSeconds: 60 }\n',
    },
  })
  shop = shopClient(platform)
  admin = await shop.admin()
}, 90_000)
afterAll(() => platform?.stop(), 30_000)

/** A shopper with a delivered order of 2 lamps. */
async function deliveredOrder(email: string) {
  const productId = await shop.createProduct(admin, { stock: 10, price: 4500, name: 'Brass Lamp' })
  const token = await shop.signUp(email)
  await shop.call('POST', '/api/cart/items', { token, body: { productId, quantity: 2 } })
  const address = { line1: '5 Oak Ave', city: 'Springfield', postalCode: '12345', country: 'US' }
  const order = (
    await shop.call('POST', '/api/checkout', {
      token,
      body: {
        payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
        shippingAddress: address,
      },
      headers: { 'idempotency-key': crypto.randomUUID() },
    })
  ).body
  expect(order.status).toBe('paid')
  await shop.call('PATCH', `/api/orders/${order.id}/status`, {
    token: admin,
    body: { status: 'shipped', trackingNumber: 'TRK-1' },
  })
  expect(
    (await shop.call('PATCH', `/api/orders/${order.id}/status`, { token: admin, body: { status: 'delivered' } })).body
      .status,
  ).toBe('delivered')
  return { token, order, productId }
}

/** A support agent: a signed-up user an admin gives the support role. */
async function agent(email: string) {
  await shop.signUp(email)
  const [user] = (await shop.call('GET', `/api/users?q=${encodeURIComponent(email)}`, { token: admin })).body.items
  await shop.call('PATCH', `/api/users/${user.id}`, { token: admin, body: { roles: ['support'] } })
  return { id: user.id as string, token: await shop.login(email, 'a long first password') }
}

describe('support end to end, through the gateway, with real processes', () => {
  it('When a customer returns a delivered order, then the agent replies (e-mailed), approves, the order is refunded and restocked, and the customer rates the ticket', async () => {
    const { token, order, productId } = await deliveredOrder('returner@example.com')
    const support = await agent('agent@example.com')
    const opened = await shop.call('POST', '/api/tickets', {
      token,
      body: {
        type: 'return',
        subject: 'Wrong colour',
        message: 'I would like to return both lamps.',
        orderId: order.id,
      },
    })
    expect(opened.status).toBe(201)
    const ticket = opened.body

    // another customer sees nothing of it
    const other = await shop.signUp('other@example.com')
    expect((await shop.call('GET', `/api/tickets/${ticket.id}`, { token: other })).status).toBe(404)
    expect((await shop.call('POST', `/api/tickets/${ticket.id}/approve-return`, { token: other })).status).toBe(403)

    expect(
      (await shop.call('GET', '/api/tickets?unassigned=true&type=return', { token: support.token })).body.items.map(
        (t: any) => t.id,
      ),
    ).toContain(ticket.id)
    expect(
      (
        await shop.call('PATCH', `/api/tickets/${ticket.id}`, {
          token: support.token,
          body: { assigneeId: support.id },
        })
      ).body.assigneeId,
    ).toBe(support.id)
    await shop.call('POST', `/api/tickets/${ticket.id}/messages`, {
      token: support.token,
      body: { body: 'Sorry about that! We will take them back.' },
    })
    await shop.mailAbout('returner@example.com', `Re: [${ticket.number}] Wrong colour`, 10_000)

    const approved = await shop.call('POST', `/api/tickets/${ticket.id}/approve-return`, { token: support.token })
    expect(approved.body).toMatchObject({ status: 'resolved', resolution: 'return_approved' })
    expect((await shop.call('GET', `/api/orders/${order.id}`, { token })).body.status).toBe('refunded')
    expect((await shop.call('GET', `/api/products/${productId}`)).body.available).toBe(10)
    const payments = (await (
      await fetch(`${platform.sandboxUrl}/v1/payments?reference=${order.id}`, {
        headers: { authorization: 'Bearer sk_test_shopfront' },
      })
    ).json()) as any
    expect(payments.data.map((p: any) => p.status)).toEqual(['refunded'])
    await shop.mailAbout('returner@example.com', `Your Shopfront order ${order.number} is refunded`, 10_000)

    const rated = await shop.call('POST', `/api/tickets/${ticket.id}/rating`, {
      token,
      body: { score: 5, comment: 'Painless.' },
    })
    expect(rated.body.rating).toMatchObject({ score: 5, comment: 'Painless.' })
    expect((await shop.call('POST', `/api/tickets/${ticket.id}/rating`, { token, body: { score: 1 } })).status).toBe(
      409,
    )
  }, 60_000)

  it('When a customer returns one of two lamps, then approving refunds its share at the provider and puts one back on the shelf; the order stays delivered and says so', async () => {
    const { token, order, productId } = await deliveredOrder('halfway@example.com')
    const support = await agent('agent3@example.com')
    const ticket = (
      await shop.call('POST', '/api/tickets', {
        token,
        body: {
          type: 'return',
          subject: 'One too many',
          message: 'I only need one lamp.',
          orderId: order.number,
          items: [{ productId, quantity: 1 }],
        },
      })
    ).body
    expect(ticket.items).toEqual([{ productId, name: 'Brass Lamp', quantity: 1 }])
    const approve = () => shop.call('POST', `/api/tickets/${ticket.id}/approve-return`, { token: support.token })
    expect((await approve()).body).toMatchObject({ status: 'resolved', resolution: 'return_approved' })
    expect((await approve()).status).toBe(200)
    const seen = (await shop.call('GET', `/api/orders/${order.id}`, { token })).body
    expect(seen).toMatchObject({ status: 'delivered', refunded: 4500, items: [{ quantity: 2, returned: 1 }] })
    expect(seen.history.at(-1)).toMatchObject({
      status: 'partially_refunded',
      note: expect.stringContaining('1 × Brass Lamp'),
    })
    expect((await shop.call('GET', `/api/products/${productId}`)).body.available).toBe(9)
    const payments = (await (
      await fetch(`${platform.sandboxUrl}/v1/payments?reference=${order.id}`, {
        headers: { authorization: 'Bearer sk_test_shopfront' },
      })
    ).json()) as any
    expect(payments.data.map((p: any) => [p.status, p.refundedAmount])).toEqual([['partially_refunded', 4500]])
    await shop.mailAbout('halfway@example.com', `Your Shopfront order ${order.number}: return accepted`, 10_000)
    // the other lamp can still go back, not two
    const tooMany = await shop.call('POST', '/api/tickets', {
      token,
      body: {
        type: 'return',
        subject: 'Both',
        message: 'Both after all.',
        orderId: order.id,
        items: [{ productId, quantity: 2 }],
      },
    })
    expect([tooMany.status, tooMany.body.errors?.[0]?.path]).toEqual([422, 'items'])
  }, 60_000)

  it('When sales is down, then a ticket without an order opens, and one with an order or an approval is a retryable 503', async () => {
    const { token, order } = await deliveredOrder('patient@example.com')
    const support = await agent('agent2@example.com')
    const ticket = (
      await shop.call('POST', '/api/tickets', {
        token,
        body: { type: 'return', subject: 'Too big', message: 'Returning.', orderId: order.id },
      })
    ).body
    await platform.kill('sales')
    try {
      await until(
        async () =>
          ((await (await fetch(`${platform.registryUrl}/v1/health/service/sales?passing`)).json()) as unknown[])
            .length === 0,
        { timeoutMs: 10_000, what: 'sales out of the registry' },
      )
      expect(
        (
          await shop.call('POST', '/api/tickets', {
            token,
            body: { type: 'inquiry', subject: 'Opening hours', message: 'When are you open?' },
          })
        ).status,
      ).toBe(201)
      const withOrder = await shop.call('POST', '/api/tickets', {
        token,
        body: { type: 'complaint', subject: 'Late', message: 'It was late.', orderId: order.id },
      })
      expect(withOrder).toMatchObject({ status: 503, body: { retryable: true } })
      const approval = await shop.call('POST', `/api/tickets/${ticket.id}/approve-return`, { token: support.token })
      expect(approval).toMatchObject({ status: 503, body: { retryable: true } })
      expect((await shop.call('GET', `/api/tickets/${ticket.id}`, { token })).body).toMatchObject({
        status: 'open',
        resolution: null,
      })
    } finally {
      await platform.restart('sales')
    }
    await until(
      async () =>
        (await shop.call('POST', `/api/tickets/${ticket.id}/approve-return`, { token: support.token })).status === 200,
      { timeoutMs: 15_000, what: 'the approval once sales is back' },
    )
    expect((await shop.call('GET', `/api/orders/${order.id}`, { token })).body.status).toBe('refunded')
  }, 60_000)
})
