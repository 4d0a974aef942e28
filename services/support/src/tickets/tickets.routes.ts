import * as z from 'zod'
import {
  AppError,
  changesOf,
  paging,
  parse,
  principalOf,
  readJson,
  queryFlag,
  readQuery,
  serviceRoutes,
  type TokenVerifier,
} from '@shopfront/kit'
import { priorities, ticketStatuses, ticketTypes } from '../contract.ts'
import { orderItems } from '@shopfront/sales/contract'
import { ticketView } from './ticket-view.ts'
import type { TicketsRepo } from './tickets.repo.ts'
import { isStaff, type TicketService } from './tickets.service.ts'

export const openBody = z
  .object({
    type: z.enum(ticketTypes),
    subject: z.string().trim().min(3).max(200),
    message: z.string().trim().min(1).max(10_000),
    // an order's id, or its number as the customer sees it (SF-1001)
    orderId: z.union([z.uuid(), z.string().regex(/^SF-\d{1,12}$/i)], 'an order id or number (SF-1001)').optional(),
    // a return of some of the order's items (none: all of it)
    items: orderItems.optional(),
  })
  .strict()
  .refine((b) => b.items === undefined || (b.type === 'return' && b.orderId !== undefined), {
    message: 'items name what a return of an order sends back',
    path: ['items'],
  })
  .meta({
    example: {
      type: 'return',
      subject: 'Returning one of the two mugs',
      message: 'One arrived chipped.',
      orderId: 'SF-1001',
      items: [{ productId: '5f0c6a1e-2b7d-4c1a-9e3f-8d2b6a4c1e90', quantity: 1 }],
    },
  })
export const replyBody = z.object({ body: z.string().trim().min(1).max(10_000) }).strict()
export const changeBody = changesOf(
  {
    status: z.enum(ticketStatuses),
    assigneeId: z.string().min(1).max(200).nullable(),
    priority: z.enum(priorities),
  },
  'send status, assigneeId or priority',
)
export const ratingBody = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() })
  .strict()
export const listQuery = z
  .object({
    status: z.enum(ticketStatuses).optional(),
    type: z.enum(ticketTypes).optional(),
    assignee: z.string().min(1).max(200).optional(),
    /** Support and admins: one customer's tickets. */
    userId: z.string().min(1).max(200).optional(),
    priority: z.enum(priorities).optional(),
    unassigned: queryFlag.optional(),
    overdue: queryFlag.optional(),
    ...paging(),
  })
  .strict()
const idParam = z.object({ id: z.uuid('a ticket id') })

/** /api/tickets: customers their own tickets; support and admins the queue and the workflow. */
export function ticketRoutes({
  service,
  tickets,
  verifier,
}: {
  service: TicketService
  tickets: TicketsRepo
  verifier: TokenVerifier
}) {
  const { app, signedIn, only } = serviceRoutes(verifier)
  app.use(signedIn)
  const staffOnly = only('support', 'admin')
  const id = (c: { req: { param(): Record<string, string> } }) => parse(idParam, c.req.param(), 'path').id
  const full = async (ticketId: string) => {
    const ticket = await tickets.find(ticketId)
    if (!ticket) throw new AppError('not_found', `No ticket ${ticketId}.`)
    return ticketView(ticket, { messages: await tickets.messages(ticketId), history: await tickets.history(ticketId) })
  }

  app.post('/', async (c) => {
    const ticket = await service.open(principalOf(c), await readJson(c, openBody))
    return c.json(await full(ticket.id), 201, { location: `/api/tickets/${ticket.id}` })
  })
  app.get('/', async (c) => {
    const { assignee, ...query } = readQuery(c, listQuery)
    const principal = principalOf(c)
    if ((assignee || query.unassigned || query.userId) && !isStaff(principal))
      throw new AppError('forbidden', 'Only support and admins filter by assignee or customer.')
    const { items, total } = await service.list(principal, {
      ...query,
      assigneeId: assignee === 'me' ? principal.id : assignee,
    })
    return c.json({ items: items.map((t) => ticketView(t)), total, page: query.page, limit: query.limit })
  })
  app.get('/:id', async (c) => c.json(await full((await service.visible(id(c), principalOf(c))).id)))
  app.post('/:id/messages', async (c) => {
    const ticketId = id(c)
    const { body } = await readJson(c, replyBody)
    await service.reply(ticketId, principalOf(c), body)
    return c.json(await full(ticketId), 201)
  })
  app.patch('/:id', staffOnly, async (c) => {
    const ticketId = id(c)
    await service.change(ticketId, principalOf(c), await readJson(c, changeBody))
    return c.json(await full(ticketId))
  })
  app.post('/:id/approve-return', staffOnly, async (c) => {
    const ticketId = id(c)
    await service.approveReturn(ticketId, principalOf(c))
    return c.json(await full(ticketId))
  })
  app.post('/:id/rating', async (c) => {
    const ticketId = id(c)
    await service.rate(ticketId, principalOf(c), await readJson(c, ratingBody))
    return c.json(await full(ticketId))
  })
  return app
}
