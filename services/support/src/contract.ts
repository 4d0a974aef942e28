import { pageOf } from '@shopfront/kit'
import { customer } from '@shopfront/users/contract'
import * as z from 'zod'

/**
 * What support answers for its tickets: its OpenAPI document states these, and its clients
 * (the web app) read the answers with them, so neither can drift from the other.
 */
export const ticketTypes = ['inquiry', 'return', 'complaint', 'feedback'] as const
export const ticketStatuses = ['open', 'in_progress', 'resolved', 'closed'] as const

/** A status change a ticket does not allow (409): where the ticket is. */
export const ticketMoveRefusal = z.object({ ticketStatus: z.enum(ticketStatuses) })
export const priorities = ['low', 'normal', 'high', 'urgent'] as const

export const ticketMessage = z.object({
  id: z.number().int(),
  authorId: z.string(),
  authorRole: z.enum(['customer', 'agent']),
  body: z.string(),
  createdAt: z.string(),
})

export const ticketEvent = z.object({
  kind: z.string(),
  detail: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
})

export const ticket = z.object({
  id: z.uuid(),
  number: z.string(),
  userId: z.string(),
  /** Who wrote it, as users knew them when the ticket opened (the e-mails go there). */
  customer,
  type: z.enum(ticketTypes),
  subject: z.string(),
  status: z.enum(ticketStatuses),
  priority: z.enum(priorities),
  assigneeId: z.string().nullable(),
  orderId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  /** A return of some items of the order (none: the whole order). */
  items: z.array(z.object({ productId: z.string(), name: z.string(), quantity: z.number().int() })).nullable(),
  resolution: z.string().nullable(),
  /** A return's approval waiting for sales to confirm the refund: support repeats it until sales does. */
  approvalPending: z.boolean(),
  firstResponseDueAt: z.string(),
  firstRespondedAt: z.string().nullable(),
  overdue: z.boolean(),
  rating: z.object({ score: z.number().int(), comment: z.string().nullable(), at: z.string() }).nullable(),
  /** One ticket's answer carries its conversation and history; a list's items do not. */
  messages: z.array(ticketMessage).optional(),
  history: z.array(ticketEvent).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Ticket = z.infer<typeof ticket>

export const ticketPage = pageOf(ticket)
export type TicketPage = z.infer<typeof ticketPage>
