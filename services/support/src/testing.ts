import { join } from 'node:path'
import { AppError, createMetrics } from '@shopfront/kit'
import { baseTestSettings, knownOr404, lookUp, neighbourOutages, startServiceUnderTest } from '@shopfront/kit/testing'
import { createApp } from './app.ts'
import type { Contact, Neighbours, OrderFacts } from './neighbours/neighbours.ts'
import { supportSettings } from './settings.ts'

export const settings = supportSettings.parse({
  ...baseTestSettings,
  smtp: { host: '127.0.0.1', port: 1025, from: 'Shopfront <no-reply@shopfront.dev>' },
  support: {
    firstResponseHours: { urgent: 1, high: 4, normal: 24, low: 72 },
    defaultPriority: { inquiry: 'normal', return: 'normal', complaint: 'high', feedback: 'low' },
  },
  // a return window of the shop's own (30 by default)
  shop: { publicUrl: 'http://shop.test', mailDomain: 'support.test', returnWindowDays: 14 },
})

/** users and sales as support sees them, in memory, at the `neighbours` seam; `whileDown('sales', work)` makes sales unreachable. */
export function fakeNeighbours() {
  const contacts = new Map<string, Contact>()
  const orders = new Map<string, OrderFacts>()
  const refunds: string[] = []
  const refundKeys = new Set<string>()
  const { reach, whileDown } = neighbourOutages<'users' | 'sales'>()
  const neighbours: Neighbours = {
    contact: lookUp(contacts, 'user', () => reach('users')),
    async order(orderId) {
      reach('sales')
      // sales answers an order's number (SF-1001) as it answers its id
      const o = orders.get(orderId) ?? [...orders.values()].find((x) => x.number === orderId.toUpperCase())
      return knownOr404(o, `order ${orderId}`)
    },
    // as sales does: a part once per key, never more than is still out; the last items refund the order whole
    async refund(orderId, _reason, part) {
      reach('sales')
      const o = knownOr404(orders.get(orderId), `order ${orderId}`)
      if (o.status === 'refunded' || (part && refundKeys.has(`${orderId}:${part.key}`))) return
      if (o.status !== 'delivered')
        throw new AppError('conflict', `Order ${o.number} is ${o.status}; only a delivered order can be refunded.`)
      for (const { productId, quantity } of part?.items ?? []) {
        const item = o.items.find((i) => i.productId === productId)
        const outstanding = item ? item.quantity - item.returned : 0
        if (quantity > outstanding)
          throw new AppError('conflict', `Only ${outstanding} of it can still be returned.`, { productId, outstanding })
      }
      for (const { productId, quantity } of part?.items ?? [])
        for (const item of o.items) if (item.productId === productId) item.returned += quantity
      if (part) refundKeys.add(`${orderId}:${part.key}`)
      if (!part || o.items.every((i) => i.returned === i.quantity)) {
        o.status = 'refunded'
        for (const item of o.items) item.returned = item.quantity
      }
      refunds.push(orderId)
    },
  }
  return {
    neighbours,
    contacts,
    orders,
    refunds,
    whileDown,
    person(id: string, roles = ['customer']) {
      contacts.set(id, { id, email: `${id}@example.com`, name: `Person ${id}`, roles })
    },
    /** An order of the user's, with one item of `quantity` units (its productId is the order's items'). */
    order(userId: string, status = 'delivered', deliveredDaysAgo = 2, quantity = 1) {
      const id = crypto.randomUUID()
      orders.set(id, {
        id,
        number: `SF-${orders.size + 1001}`,
        userId,
        status,
        deliveredAt: status === 'delivered' ? new Date(Date.now() - deliveredDaysAgo * 86_400_000).toISOString() : null,
        items: [{ productId: crypto.randomUUID(), name: 'Moka Pot', quantity, returned: 0 }],
      })
      return id
    },
  }
}

/** The support app under the kit's test harness, neighbours at the seam; `token` also makes the person known to users. */
export async function startSupport() {
  const fake = fakeNeighbours()
  const service = await startServiceUnderTest({
    name: 'support',
    settings,
    migrations: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    // the service's own metrics at /metrics, as where it runs for real (the process-wide defaults left out)
    createApp: (deps) =>
      createApp({
        ...deps,
        metrics: createMetrics({ service: 'support', defaults: false }),
        neighbours: fake.neighbours,
      }),
  })
  const token = async (sub: string, roles = ['customer']) => {
    if (!fake.contacts.has(sub)) fake.person(sub, roles)
    return service.token(sub, roles)
  }
  return {
    ...service,
    fake,
    token,
    /** A customer of the test's own: their id, bearer token and e-mail. */
    async customer() {
      const id = `cust-${crypto.randomUUID().slice(0, 8)}`
      return { id, auth: await token(id), email: `${id}@example.com` }
    },
    /** Opens a ticket as `auth`: an inquiry unless `body` says otherwise. */
    open: (auth: string, body: Record<string, unknown>) =>
      service.send('POST', '/api/tickets', {
        auth,
        body: { type: 'inquiry', subject: 'Where is my lamp?', message: 'It has not arrived.', ...body },
      }),
  }
}
