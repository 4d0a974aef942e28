import type { Sql, TransactionSql } from 'postgres'
import { AppError, pageWindow, totalColumn, totalOf } from '@shopfront/kit'
import type { Priority } from '../settings.ts'

export type TicketType = 'inquiry' | 'return' | 'complaint' | 'feedback'
export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed'
type Db = Sql | TransactionSql

export interface Ticket {
  id: string
  number: string
  userId: string
  customerEmail: string
  customerName: string
  type: TicketType
  subject: string
  status: TicketStatus
  priority: Priority
  assigneeId: string | null
  orderId: string | null
  orderNumber: string | null
  resolution: string | null
  firstResponseDueAt: Date
  firstRespondedAt: Date | null
  rating: { score: number; comment: string | null; at: Date } | null
  createdAt: Date
  updatedAt: Date
}

export interface Message {
  id: number
  authorId: string
  authorRole: 'customer' | 'agent'
  body: string
  createdAt: Date
}

const toTicket = (r: Record<string, any>): Ticket => ({
  id: r.id,
  number: r.number,
  userId: r.user_id,
  customerEmail: r.customer_email,
  customerName: r.customer_name,
  type: r.type,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  assigneeId: r.assignee_id,
  orderId: r.order_id,
  orderNumber: r.order_number,
  resolution: r.resolution,
  firstResponseDueAt: r.first_response_due_at,
  firstRespondedAt: r.first_responded_at,
  rating: r.rated_at ? { score: r.rating_score, comment: r.rating_comment, at: r.rated_at } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})
const toMessage = (r: Record<string, any>): Message => ({
  id: Number(r.id),
  authorId: r.author_id,
  authorRole: r.author_role,
  body: r.body,
  createdAt: r.created_at,
})

export interface QueueFilter {
  userId?: string | undefined
  status?: TicketStatus | undefined
  type?: TicketType | undefined
  priority?: string | undefined
  assigneeId?: string | undefined
  unassigned?: boolean
  overdue?: boolean
  page: number
  limit: number
}

/** Tickets, their conversation and their history, in support's own database. */
export function createTicketsRepo(sql: Sql) {
  const repo = {
    async create(
      tx: TransactionSql,
      t: {
        userId: string
        customerEmail: string
        customerName: string
        type: TicketType
        subject: string
        priority: Priority
        dueHours: number
        orderId?: string
        orderNumber?: string
      },
    ) {
      const [row] = await tx`
        INSERT INTO tickets (id, number, user_id, customer_email, customer_name, type, subject, priority, order_id, order_number, first_response_due_at)
        VALUES (${crypto.randomUUID()}, 'T-' || nextval('ticket_number_seq'), ${t.userId}, ${t.customerEmail}, ${t.customerName}, ${t.type}, ${t.subject},
                ${t.priority}, ${t.orderId ?? null}, ${t.orderNumber ?? null}, now() + ${t.dueHours} * interval '1 hour')
        RETURNING *`
      return toTicket(row!)
    },

    async find(id: string, db: Db = sql): Promise<Ticket | undefined> {
      const [row] = await db`SELECT * FROM tickets WHERE id = ${id}`
      return row ? toTicket(row) : undefined
    },

    async lock(tx: TransactionSql, id: string): Promise<Ticket> {
      const [row] = await tx`SELECT * FROM tickets WHERE id = ${id} FOR UPDATE`
      if (!row) throw new AppError('not_found', `No ticket ${id}.`)
      return toTicket(row)
    },

    async list(f: QueueFilter) {
      const rows = await sql`
        SELECT *, ${totalColumn(sql)} FROM tickets WHERE true
          ${f.userId ? sql`AND user_id = ${f.userId}` : sql``}
          ${f.status ? sql`AND status = ${f.status}` : sql``}
          ${f.type ? sql`AND type = ${f.type}` : sql``}
          ${f.priority ? sql`AND priority = ${f.priority}` : sql``}
          ${f.assigneeId ? sql`AND assignee_id = ${f.assigneeId}` : sql``}
          ${f.unassigned ? sql`AND assignee_id IS NULL` : sql``}
          ${f.overdue ? sql`AND first_responded_at IS NULL AND first_response_due_at < now() AND status IN ('open', 'in_progress')` : sql``}
        ORDER BY (first_responded_at IS NULL AND status IN ('open', 'in_progress')) DESC, first_response_due_at, created_at
        ${pageWindow(sql, f)}`
      return { items: rows.map(toTicket), total: totalOf(rows) }
    },

    async messages(ticketId: string): Promise<Message[]> {
      return (await sql`SELECT * FROM ticket_messages WHERE ticket_id = ${ticketId} ORDER BY id`).map(toMessage)
    },

    async addMessage(
      tx: TransactionSql,
      ticketId: string,
      authorId: string,
      authorRole: 'customer' | 'agent',
      body: string,
    ): Promise<Message> {
      const [row] =
        await tx`INSERT INTO ticket_messages (ticket_id, author_id, author_role, body) VALUES (${ticketId}, ${authorId}, ${authorRole}, ${body}) RETURNING *`
      return toMessage(row!)
    },

    /** Records what happened to a ticket; its id makes the e-mail about it unique. */
    async event(
      tx: TransactionSql,
      ticketId: string,
      kind: string,
      detail: string | null,
      actor: string,
    ): Promise<number> {
      const [row] =
        await tx`INSERT INTO ticket_events (ticket_id, kind, detail, actor) VALUES (${ticketId}, ${kind}, ${detail}, ${actor}) RETURNING id`
      return Number(row!.id)
    },

    async history(ticketId: string) {
      return (
        await sql`SELECT kind, detail, actor, at FROM ticket_events WHERE ticket_id = ${ticketId} ORDER BY id`
      ).map((r) => ({
        kind: r.kind as string,
        detail: r.detail as string | null,
        actor: r.actor as string,
        at: new Date(r.at).toISOString(),
      }))
    },

    async update(tx: TransactionSql, id: string, set: Record<string, unknown>) {
      const [row] = await tx`UPDATE tickets SET ${tx(set)}, updated_at = now() WHERE id = ${id} RETURNING *`
      return toTicket(row!)
    },
  }
  return repo
}

export type TicketsRepo = ReturnType<typeof createTicketsRepo>
