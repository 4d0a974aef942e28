import { desc, sql } from 'drizzle-orm'
import { bigserial, check, index, integer, pgSequence, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { fkey, jsonb, timestamptz } from '@shopfront/kit/db-schema'
import type { Priority } from '../settings.ts'

export type TicketType = 'inquiry' | 'return' | 'complaint' | 'feedback'
export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed'
export type AuthorRole = 'customer' | 'agent'
/** An item a return names: which product of the order (its name as the order has it) and how many. */
export type ReturnItem = { productId: string; name: string; quantity: number }

/** Ticket numbers people quote: T-1001, T-1002, ... */
export const ticketNumbers = pgSequence('ticket_number_seq', { startWith: 1001 })

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique('tickets_number_key'),
    userId: text('user_id').notNull(),
    customerEmail: text('customer_email').notNull(),
    customerName: text('customer_name').notNull(),
    type: text('type').$type<TicketType>().notNull(),
    subject: text('subject').notNull(),
    status: text('status').$type<TicketStatus>().notNull().default('open'),
    priority: text('priority').$type<Priority>().notNull(),
    assigneeId: text('assignee_id'),
    orderId: uuid('order_id'),
    orderNumber: text('order_number'),
    // a return of some items of the order; none: the whole order (all that is still out)
    items: jsonb<ReturnItem[]>('items'),
    resolution: text('resolution'),
    // a return's approval asked of sales and not finished (sales could not answer in time):
    // by whom and since when; repeated in the background until sales finishes it or refuses
    approvalBy: text('approval_by'),
    approvalSince: timestamptz('approval_since'),
    firstResponseDueAt: timestamptz('first_response_due_at').notNull(),
    firstRespondedAt: timestamptz('first_responded_at'),
    ratingScore: integer('rating_score'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamptz('rated_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('tickets_type_check', sql`${t.type} IN ('inquiry', 'return', 'complaint', 'feedback')`),
    check('tickets_status_check', sql`${t.status} IN ('open', 'in_progress', 'resolved', 'closed')`),
    check('tickets_priority_check', sql`${t.priority} IN ('low', 'normal', 'high', 'urgent')`),
    check('tickets_rating_score_check', sql`${t.ratingScore} BETWEEN 1 AND 5`),
    index('tickets_user_idx').on(t.userId, desc(t.createdAt)),
    index('tickets_queue_idx').on(t.status, t.createdAt),
    index('tickets_overdue_idx').on(t.firstResponseDueAt).where(sql`${t.firstRespondedAt} IS NULL`),
    index('tickets_approvals_idx').on(t.approvalSince).where(sql`${t.approvalSince} IS NOT NULL`),
  ],
)

/** A ticket's conversation. */
export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id').notNull(),
    authorId: text('author_id').notNull(),
    authorRole: text('author_role').$type<AuthorRole>().notNull(),
    body: text('body').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('ticket_messages_author_role_check', sql`${t.authorRole} IN ('customer', 'agent')`),
    index('ticket_messages_ticket_idx').on(t.ticketId, t.id),
    fkey(t.ticketId, tickets.id).onDelete('cascade'),
  ],
)

/** What happened to a ticket, and who did it. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id').notNull(),
    kind: text('kind').notNull(),
    detail: text('detail'),
    actor: text('actor').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id), fkey(t.ticketId, tickets.id).onDelete('cascade')],
)
