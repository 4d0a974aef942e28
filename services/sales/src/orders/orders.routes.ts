import * as z from 'zod'
import { paging, parse, principalOf, readJson, readQuery, serviceRoutes, userParam } from '@shopfront/kit'
import type { TokenVerifier } from '@shopfront/kit'
import { orderItems, orderStatuses } from '../contract.ts'
import { period } from './order-filter.ts'
import { orderView } from './order-view.ts'
import type { OrdersRepo } from './orders.repo.ts'
import type { OrderService } from './orders.service.ts'

// an order's id, or its number as customers see it in their e-mails (SF-1001)
const idParam = z.object({
  id: z.union([z.uuid(), z.string().regex(/^SF-\d{1,12}$/i)], 'an order id or number (SF-1001)'),
})
const orderRef = (c: { req: { param(): Record<string, string> } }) => parse(idParam, c.req.param(), 'path').id
const page = paging()
export const listQuery = z
  .object({
    ...page,
    status: z.enum(orderStatuses).optional(),
    /** true: only orders that went through (neither failed nor still being placed), as /stats counts them. */
    placed: z.enum(['true', 'false']).optional(),
    all: z.enum(['true', 'false']).optional(),
    /** With all=true (support, admins): one customer's orders, or those whose e-mail contains this. */
    userId: z.string().min(1).max(200).optional(),
    email: z.string().trim().min(1).max(254).optional(),
    ...period,
  })
  .strict()
export const statsQuery = z.object(period).strict()
/** GET /api/orders/report: up to a year of days (both included), and how many best sellers. */
export const reportQuery = z
  .object({
    from: period.from.unwrap(),
    to: period.to.unwrap(),
    tz: period.tz,
    top: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'the same day as from, or after it' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < 366 * 86_400_000, {
    path: ['to'],
    message: 'at most 365 days after from (366 days in all)',
  })
/** PATCH /api/orders/:id/status: an admin ships (a tracking number if there is one) or delivers. */
export const statusBody = z.discriminatedUnion('status', [
  z
    .object({
      status: z.literal('shipped'),
      /** Optional: a parcel without tracking still ships. */
      trackingNumber: z.string().trim().min(3, 'at least 3 characters').max(100).optional(),
    })
    .strict(),
  z.object({ status: z.literal('delivered') }).strict(),
])
const refundBody = z
  .object({
    reason: z.string().trim().max(500).optional(),
    // some items only (a return of part of the order), once per key: support's ticket
    key: z.string().trim().min(1).max(200).optional(),
    items: orderItems.optional(),
  })
  .strict()
  .refine((b) => (b.key === undefined) === (b.items === undefined), {
    message: 'key and items come together (a refund of some items, once per key)',
    path: ['items'],
  })

/** /api/orders: customers their own; support and admins everyone's (`?all=true`); cancel; admins move orders on. */
export function orderRoutes({ service, verifier }: { service: OrderService; verifier: TokenVerifier }) {
  const { app, signedIn, only } = serviceRoutes(verifier)
  app.use(signedIn)
  app.get('/', async (c) => {
    const { all, placed, ...query } = readQuery(c, listQuery)
    const { items, total } = await service.list(principalOf(c), {
      ...query,
      all: all === 'true',
      placed: placed === 'true',
    })
    return c.json({ items: items.map((o) => orderView(o)), total, page: query.page, limit: query.limit })
  })
  app.get('/stats', async (c) => c.json(await service.stats(principalOf(c), readQuery(c, statsQuery))))
  app.get('/report', async (c) => c.json(await service.report(principalOf(c), readQuery(c, reportQuery))))
  app.get('/:id', async (c) => {
    const { order, history } = await service.view(await service.idOf(orderRef(c)), principalOf(c))
    return c.json(orderView(order, history))
  })
  app.post('/:id/cancel', async (c) => {
    const order = await service.cancel(await service.idOf(orderRef(c)), principalOf(c))
    return c.json(orderView(order))
  })
  app.patch('/:id/status', only('admin'), async (c) => {
    const id = await service.idOf(orderRef(c))
    const body = await readJson(c, statusBody)
    const order =
      body.status === 'shipped'
        ? await service.ship(id, body.trackingNumber, principalOf(c))
        : await service.deliver(id, principalOf(c))
    return c.json(orderView(order))
  })
  return app
}

/** /internal: for users (purchase history) and support (an order's owner and status; refunds for approved returns). */
export function internalOrderRoutes({
  orders,
  service,
  verifier,
}: {
  orders: OrdersRepo
  service: OrderService
  verifier: TokenVerifier
}) {
  const { app, services } = serviceRoutes(verifier)
  // the purchase history is users'; an order's owner and status, and refunds for approved returns, are support's
  app.use('/users/*', services('users'))
  app.use('/orders/*', services('support'))
  app.get('/users/:userId/orders', async (c) => {
    const { userId } = parse(userParam, c.req.param(), 'path')
    const query = readQuery(c, z.object(page).strict())
    const { items, total } = await orders.list({ userId, ...query })
    return c.json({ items: items.map((o) => orderView(o)), total, page: query.page, limit: query.limit })
  })
  app.get('/orders/:id', async (c) => {
    const order = await orders.get(await service.idOf(orderRef(c)))
    const delivered = (await orders.history(order.id)).findLast((e) => e.status === 'delivered')
    return c.json({
      id: order.id,
      number: order.number,
      userId: order.userId,
      status: order.status,
      total: order.total,
      currency: order.currency,
      deliveredAt: delivered?.at ?? null,
      items: order.lines.map(({ productId, name, quantity, returned }) => ({ productId, name, quantity, returned })),
    })
  })
  app.post('/orders/:id/refund', async (c) => {
    const id = await service.idOf(orderRef(c))
    const { reason, key, items } = await readJson(c, refundBody)
    const part = key && items ? { key, items } : undefined
    return c.json(orderView(await service.refund(id, reason, principalOf(c).id, part)))
  })
  return app
}
