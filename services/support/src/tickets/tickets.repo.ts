import {
  AppError,
  dueForTakeOver,
  type PostgresJsDatabase,
  type Queryable,
  readPage,
  type Transaction,
  withTotal,
  secondsAgo,
} from '@shopfront/kit'
import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import {
  type AuthorRole,
  type ReturnItem,
  ticketEvents,
  ticketMessages,
  tickets,
  type TicketStatus,
  type TicketType,
} from '../db/schema.ts'
import type { Priority } from '../settings.ts'

export type { ReturnItem, TicketStatus, TicketType }

type TicketRow = typeof tickets.$inferSelect

export interface Ticket extends Omit<TicketRow, 'ratingScore' | 'ratingComment' | 'ratedAt'> {
  rating: { score: number; comment: string | null; at: Date } | null
}

export type Message = Omit<typeof ticketMessages.$inferSelect, 'ticketId'>

/** What a ticket's workflow may change; a key left undefined stays as it is. */
export type TicketChange = Partial<
  Pick<
    TicketRow,
    | 'status'
    | 'resolution'
    | 'assigneeId'
    | 'priority'
    | 'firstResponseDueAt'
    | 'firstRespondedAt'
    | 'ratingScore'
    | 'ratingComment'
    | 'ratedAt'
    | 'approvalBy'
    | 'approvalSince'
  >
>

const toTicket = ({ ratingScore, ratingComment, ratedAt, ...row }: TicketRow): Ticket => ({
  ...row,
  rating: ratedAt && ratingScore ? { score: ratingScore, comment: ratingComment, at: ratedAt } : null,
})

const messageColumns = {
  id: ticketMessages.id,
  authorId: ticketMessages.authorId,
  authorRole: ticketMessages.authorRole,
  body: ticketMessages.body,
  createdAt: ticketMessages.createdAt,
}

const waiting = sql`${tickets.firstRespondedAt} IS NULL AND ${tickets.status} IN ('open', 'in_progress')`

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
export function createTicketsRepo(db: PostgresJsDatabase) {
  return {
    /** Runs `work` in one transaction: a ticket's change, its history and its e-mail commit together. */
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => db.transaction(work),

    async create(
      tx: Transaction,
      t: {
        userId: string
        customerEmail: string
        customerName: string
        type: TicketType
        subject: string
        priority: Priority
        dueHours: number
        orderId?: string | undefined
        orderNumber?: string | undefined
        items?: ReturnItem[] | undefined
      },
    ): Promise<Ticket> {
      const [row] = await tx
        .insert(tickets)
        .values({
          id: crypto.randomUUID(),
          number: sql`'T-' || nextval('ticket_number_seq')`,
          userId: t.userId,
          customerEmail: t.customerEmail,
          customerName: t.customerName,
          type: t.type,
          subject: t.subject,
          priority: t.priority,
          orderId: t.orderId ?? null,
          orderNumber: t.orderNumber ?? null,
          items: t.items ?? null,
          firstResponseDueAt: sql`now() + ${t.dueHours} * interval '1 hour'`,
        })
        .returning()
      return toTicket(row as TicketRow)
    },

    async find(id: string, q: Queryable = db): Promise<Ticket | undefined> {
      const [row] = await q.select().from(tickets).where(eq(tickets.id, id))
      return row && toTicket(row)
    },

    async lock(tx: Transaction, id: string): Promise<Ticket> {
      const [row] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update')
      if (!row) throw new AppError('not_found', `No ticket ${id}.`)
      return toTicket(row)
    },

    async list(f: QueueFilter) {
      const where = and(
        f.userId ? eq(tickets.userId, f.userId) : undefined,
        f.status ? eq(tickets.status, f.status) : undefined,
        f.type ? eq(tickets.type, f.type) : undefined,
        f.priority ? eq(tickets.priority, f.priority as Priority) : undefined,
        f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
        f.unassigned ? isNull(tickets.assigneeId) : undefined,
        f.overdue
          ? and(
              isNull(tickets.firstRespondedAt),
              lt(tickets.firstResponseDueAt, sql`now()`),
              inArray(tickets.status, ['open', 'in_progress']),
            )
          : undefined,
      )
      const query = db
        .select({ ...getTableColumns(tickets), ...withTotal })
        .from(tickets)
        .where(where)
        .orderBy(desc(waiting), asc(tickets.firstResponseDueAt), asc(tickets.createdAt))
      return readPage(query, f, toTicket)
    },

    async messages(ticketId: string): Promise<Message[]> {
      return db
        .select(messageColumns)
        .from(ticketMessages)
        .where(eq(ticketMessages.ticketId, ticketId))
        .orderBy(asc(ticketMessages.id))
    },

    async addMessage(
      tx: Transaction,
      ticketId: string,
      authorId: string,
      authorRole: AuthorRole,
      body: string,
    ): Promise<Message> {
      const [row] = await tx
        .insert(ticketMessages)
        .values({ ticketId, authorId, authorRole, body })
        .returning(messageColumns)
      return row as Message
    },

    /** Records what happened to a ticket; its id makes the e-mail about it unique. */
    async event(tx: Transaction, ticketId: string, kind: string, detail: string | null, actor: string) {
      const [row] = await tx
        .insert(ticketEvents)
        .values({ ticketId, kind, detail, actor })
        .returning({ id: ticketEvents.id })
      return (row as { id: number }).id
    },

    async history(ticketId: string) {
      const rows = await db
        .select({
          kind: ticketEvents.kind,
          detail: ticketEvents.detail,
          actor: ticketEvents.actor,
          at: ticketEvents.at,
        })
        .from(ticketEvents)
        .where(eq(ticketEvents.ticketId, ticketId))
        .orderBy(asc(ticketEvents.id))
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
    },

    /**
     * Closes up to `size` tickets resolved and untouched for `days` days (neither the customer
     * nor an agent wrote since), each move in its history as support's own. How many.
     */
    closeResolved(days: number, size: number) {
      return db.transaction(async (tx) => {
        const due = tx
          .select({ id: tickets.id })
          .from(tickets)
          .where(and(eq(tickets.status, 'resolved'), lt(tickets.updatedAt, sql`now() - ${days} * interval '1 day'`)))
          .limit(size)
          .for('update', { skipLocked: true })
        const closed = await tx
          .update(tickets)
          .set({ status: 'closed', updatedAt: sql`now()` })
          .where(inArray(tickets.id, due))
          .returning({ id: tickets.id })
        const detail = `resolved -> closed (no reply in ${days} days)`
        if (closed.length > 0)
          await tx
            .insert(ticketEvents)
            .values(closed.map(({ id }) => ({ ticketId: id, kind: 'status', detail, actor: 'support' })))
        return closed.length
      })
    },

    /**
     * A deleted account's address forgotten on its tickets (their conversations stay, as the
     * customer was told): support e-mails them no more, and each says so in its history. How
     * many tickets still had it (none the second time).
     */
    forgetCustomer(userId: string) {
      return db.transaction(async (tx) => {
        const forgotten = await tx
          .update(tickets)
          .set({ customerEmail: '' })
          .where(and(eq(tickets.userId, userId), sql`${tickets.customerEmail} <> ''`))
          .returning({ id: tickets.id })
        if (forgotten.length > 0)
          await tx
            .insert(ticketEvents)
            .values(forgotten.map(({ id }) => ({ ticketId: id, kind: 'account_deleted', detail: null, actor: userId })))
        return forgotten.length
      })
    },

    /** Remembers a return's approval asked of sales, by whom, from now (until the ticket is resolved or closed). */
    async beginApproval(id: string, by: string) {
      await db.update(tickets).set({ approvalBy: by, approvalSince: sql`now()` }).where(eq(tickets.id, id))
    },

    /** Forgets an approval sales refused: nothing to repeat. */
    async forgetApproval(id: string) {
      await db.update(tickets).set({ approvalBy: null, approvalSince: null }).where(eq(tickets.id, id))
    },

    /** How many returns' approvals wait for sales to confirm them (the background repeats them). */
    countApprovalsWaiting: () => db.$count(tickets, isNotNull(tickets.approvalBy)),

    /** The approvals asked `seconds` ago or more and not finished, claimed for a repeat (SKIP LOCKED; their time renewed). */
    async approvalsDue(seconds: number, limit = 20) {
      const waited = lt(tickets.approvalSince, secondsAgo(seconds))
      const due = dueForTakeOver(db, tickets, tickets.id, waited, tickets.approvalSince, limit)
      return db
        .update(tickets)
        .set({ approvalSince: sql`now()` })
        .where(inArray(tickets.id, due))
        .returning({ id: tickets.id })
    },

    async update(tx: Transaction, id: string, change: TicketChange): Promise<Ticket> {
      const [row] = await tx
        .update(tickets)
        .set({ ...change, updatedAt: sql`now()` })
        .where(eq(tickets.id, id))
        .returning()
      return toTicket(row as TicketRow)
    },
  }
}

export type TicketsRepo = ReturnType<typeof createTicketsRepo>
