import { reservationRefusal } from '@shopfront/products/contract'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { AppError, createBreakers, createMetrics, listen } from '@shopfront/kit'
import { baseTestSettings, lookUp, neighbourOutages, present, startServiceUnderTest } from '@shopfront/kit/testing'
import { createSandboxApp } from '@shopfront/payment-sandbox'
import { createApp } from './app.ts'
import type { CatalogProduct, Contact, Neighbours, Recipient } from './neighbours/neighbours.ts'
import { salesSettings, type SalesSettings } from './settings.ts'

export const sandboxKey = 'sk_test_sales_unit'

export const testSettings = (overrides: Partial<SalesSettings> = {}) =>
  salesSettings.parse({
    ...baseTestSettings,
    smtp: { host: '127.0.0.1', port: 1025, from: 'Shopfront <no-reply@shopfront.dev>' },
    payments: { url: 'http://127.0.0.1:1', apiKey: sandboxKey, timeoutMs: 400 },
    checkout: {
      currency: 'USD',
      reservationTtlSeconds: 600,
      leaseSeconds: 30,
      recoveryIntervalMs: 60_000,
      repeatWaitMs: 5000,
      maxOrderTotal: 100_000_000,
    },
    // terms of the shop's own (30 days and Shopfront by default): the e-mails say these
    shop: {
      publicUrl: 'http://shop.test',
      mailDomain: 'sales.test',
      returnWindowDays: 14,
      seller: { name: 'Shopfront Ltd', address: '1 Market St, Springfield' },
    },
    campaigns: { pageSize: 2, pauseMs: 0, pollMs: 50 },
    clients: {
      ...baseTestSettings.clients,
      breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeoutMs: 1000 },
    },
    ...overrides,
  })

type StockedProduct = CatalogProduct & { onHand: number }

/**
 * users, cart and products as sales sees them, in memory, standing at the `neighbours`
 * seam: a catalog with stock and all-or-nothing reservations, carts, contacts and the
 * opted-in list. `whileDown('products', work)` makes that neighbour fail as an unreachable one does.
 * neighbours.contract.test.ts runs the same scenarios on this and on the real services.
 */
export function fakeNeighbours() {
  const products = new Map<string, StockedProduct>()
  const reservations = new Map<
    string,
    {
      status: 'reserved' | 'committed' | 'released' | 'returned'
      lines: { productId: string; quantity: number; returned: number }[]
      keys: Set<string>
    }
  >()
  const carts = new Map<string, Map<string, number>>()
  const contacts = new Map<string, Contact>()
  const optedIn: Recipient[] = []
  const clearedOrders = new Set<string>()
  const { reach, whileDown } = neighbourOutages<'users' | 'cart' | 'products'>()
  const productOf = (id: string) => present(products.get(id), `product ${id} in the catalog`)
  const reservedOf = (productId: string) =>
    [...reservations.values()]
      .filter((r) => r.status === 'reserved')
      .reduce((n, r) => n + r.lines.filter((l) => l.productId === productId).reduce((a, l) => a + l.quantity, 0), 0)
  const finish = (orderId: string, to: 'committed' | 'released' | 'returned', from: string) => {
    const r = reservations.get(orderId)
    if (!r) throw new AppError('not_found', `No reservation for order ${orderId}.`)
    if (r.status === to) return
    if (r.status !== from) throw new AppError('conflict', `The reservation for order ${orderId} is ${r.status}.`)
    for (const l of r.lines) {
      if (to === 'committed') productOf(l.productId).onHand -= l.quantity
      if (to === 'returned') productOf(l.productId).onHand += l.quantity - l.returned
      if (to === 'returned') l.returned = l.quantity
    }
    r.status = to
  }
  const neighbours: Neighbours = {
    contact: lookUp(contacts, 'user', () => reach('users')),
    async cartLines(userId) {
      reach('cart')
      return [...(carts.get(userId) ?? new Map())].map(([productId, quantity]) => ({ productId, quantity }))
    },
    // as the cart does: the order's quantities come off once, what was added meanwhile stays
    async clearBought(userId, orderId, lines) {
      reach('cart')
      if (clearedOrders.has(orderId)) return
      clearedOrders.add(orderId)
      const cart = carts.get(userId) ?? new Map<string, number>()
      for (const { productId, quantity } of lines) {
        const left = (cart.get(productId) ?? 0) - quantity
        if (left > 0) cart.set(productId, left)
        else cart.delete(productId)
      }
      if (cart.size === 0) carts.delete(userId)
    },
    async products(ids) {
      reach('products')
      return ids.flatMap((id) => products.get(id) ?? [])
    },
    async reserve(orderId, lines) {
      reach('products')
      if (reservations.has(orderId)) return
      // products' rules, in its order (the contract test holds the two together)
      for (const l of lines) {
        const p = products.get(l.productId)
        const held = p ? reservedOf(p.id) : 0
        const available = p ? p.onHand - held : 0
        if (!p?.active || available < l.quantity) throw reservationRefusal(l, p && { ...p, available, held })
      }
      reservations.set(orderId, {
        status: 'reserved',
        lines: lines.map((l) => ({ ...l, returned: 0 })),
        keys: new Set(),
      })
    },
    async commit(orderId) {
      reach('products')
      finish(orderId, 'committed', 'reserved')
    },
    async release(orderId) {
      reach('products')
      if (reservations.has(orderId)) finish(orderId, 'released', 'reserved')
    },
    // as products does: the part of a key once, never more than is still out
    async returnStock(orderId, part) {
      reach('products')
      const r = reservations.get(orderId)
      if (!r) return
      if (!part) return finish(orderId, 'returned', 'committed')
      if (r.keys.has(part.key)) return
      if (r.status !== 'committed')
        throw new AppError('conflict', `The reservation for order ${orderId} is ${r.status}.`)
      for (const { productId, quantity } of part.lines) {
        const line = r.lines.find((l) => l.productId === productId)
        const outstanding = line ? line.quantity - line.returned : 0
        if (quantity > outstanding)
          throw new AppError('conflict', `Only ${outstanding} of product ${productId} can come back.`, {
            productId,
            outstanding,
          })
      }
      for (const { productId, quantity } of part.lines) {
        const line = present(
          r.lines.find((l) => l.productId === productId),
          `line ${productId}`,
        )
        line.returned += quantity
        productOf(productId).onHand += quantity
      }
      r.keys.add(part.key)
      if (r.lines.every((l) => l.returned === l.quantity)) r.status = 'returned'
    },
    // as users pages them: by id, after the cursor
    async optedIn(after, limit) {
      reach('users')
      const sorted = [...optedIn].sort((a, b) => (a.id < b.id ? -1 : 1)).filter((r) => after === null || r.id > after)
      const items = sorted.slice(0, limit)
      return { items, total: optedIn.length, next: sorted.length > limit ? (items.at(-1)?.id ?? null) : null }
    },
  }
  return {
    neighbours,
    products,
    reservations,
    carts,
    /** Orders whose lines the cart already took off (as the cart service remembers them). */
    clearedOrders,
    contacts,
    optedIn,
    whileDown,
    /** Stock on hand and reserved, as products would tell. */
    stock: (id: string) => ({ onHand: productOf(id).onHand, reserved: reservedOf(id) }),
    addProduct(p: Partial<StockedProduct> & { onHand: number; unitPrice: number }) {
      const id = p.id ?? crypto.randomUUID()
      products.set(id, {
        id,
        sku: `SKU-${id.slice(0, 6)}`,
        name: `Product ${id.slice(0, 6)}`,
        currency: 'USD',
        active: true,
        ...p,
      })
      return id
    },
    /** A customer with a contact, a saved address and a cart. */
    customer(userId: string, cart: Record<string, number> = {}) {
      contacts.set(userId, {
        id: userId,
        email: `${userId}@example.com`,
        name: `Customer ${userId}`,
        shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      })
      carts.set(userId, new Map(Object.entries(cart)))
    },
  }
}

/** The sales app in-process over a fresh database, the real payment sandbox on a real port, neighbours at the seam. */
export async function startSales({
  settings = testSettings(),
  slowMs = 1500,
}: {
  settings?: SalesSettings
  slowMs?: number
} = {}) {
  const sandbox = listen(createSandboxApp({ apiKey: sandboxKey, slowMs }), { port: 0 })
  const fake = fakeNeighbours()
  const breakers = createBreakers({ defaults: { volumeThreshold: 3, resetTimeout: 1000 } })
  // the service's own metrics at /metrics, as where it runs for real (the process-wide defaults left out)
  const metrics = createMetrics({ service: 'sales', defaults: false })
  const service = await startServiceUnderTest({
    name: 'sales',
    settings: { ...settings, payments: { ...settings.payments, url: sandbox.url } },
    migrations: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    createApp: (deps) => createApp({ ...deps, metrics, neighbours: fake.neighbours, breakers }),
  })
  const sales = service.made
  afterAll(async () => {
    await sales.sender.stop()
    await sales.recovery.stop()
    breakers.shutdown()
    await sandbox.stop(true)
  })
  /** What the sandbox holds for an order (by reference). */
  const paymentsFor = async (orderId: string) =>
    (
      (await (
        await fetch(`${sandbox.url}/v1/payments?reference=${orderId}`, {
          headers: { authorization: `Bearer ${sandboxKey}` },
        })
      ).json()) as any
    ).data as any[]
  /**
   * An order paid by a customer of its own (a product for each line, 10 on hand, at its
   * price, or the line's `productId` made before): the order as checkout answered it, its
   * owner and their token, the products.
   */
  async function paidOrder(
    lines: { unitPrice: number; quantity: number; productId?: string }[] = [{ unitPrice: 700, quantity: 2 }],
  ) {
    const userId = `user-${crypto.randomUUID().slice(0, 8)}`
    const productIds = lines.map(({ unitPrice, productId }) => productId ?? fake.addProduct({ onHand: 10, unitPrice }))
    fake.customer(userId, Object.fromEntries(productIds.map((id, i) => [id, lines[i]?.quantity ?? 1])))
    const auth = await service.token(userId)
    const res = await service.send('POST', '/api/checkout', {
      auth,
      body: { payment: card() },
      headers: { 'idempotency-key': crypto.randomUUID() },
    })
    if (res.status !== 201) throw new Error(`checkout: ${res.status} ${res.text}`)
    return { order: res.body, userId, auth, productIds }
  }
  /**
   * Runs `work` with the sandbox answering 600 ms after it acted and sales waiting 200 ms:
   * the ambiguous failure, a timeout after the money moved.
   */
  async function whileProviderLate<T>(work: () => Promise<T>) {
    const payments = service.config.current.payments
    const late = listen({
      async fetch(req: Request) {
        const { pathname, search } = new URL(req.url)
        const body = req.method === 'GET' ? undefined : await req.arrayBuffer()
        const answer = await fetch(`${payments.url}${pathname}${search}`, {
          method: req.method,
          headers: req.headers,
          body,
        })
        const text = await answer.text()
        await Bun.sleep(600)
        return new Response(text, { status: answer.status, headers: { 'content-type': 'application/json' } })
      },
    })
    service.config.set({ ...service.config.current, payments: { ...payments, url: late.url, timeoutMs: 200 } })
    try {
      return await work()
    } finally {
      service.config.set({ ...service.config.current, payments })
      await late.stop(true)
    }
  }
  return { ...service, ...sales, fake, paymentsFor, paidOrder, whileProviderLate, breakers, sandboxUrl: sandbox.url }
}

export const card = (cardNumber = '4242424242424242') => ({ cardNumber, expMonth: 12, expYear: 2031, cvc: '123' })
