import {
  AppError,
  enqueueMail,
  type OutgoingMail,
  type Principal,
  returnableUntil,
  type Transaction,
} from '@shopfront/kit'
import { quantitiesByProduct } from '@shopfront/sales/contract'
import { type Neighbours, type OrderFacts, unreachable } from '../neighbours/neighbours.ts'
import type { Priority, SupportSettings } from '../settings.ts'
import { createReturnApproval } from './return-approval.ts'
import { replyMail, statusMail } from './ticket-mail.ts'
import type {
  QueueFilter,
  ReturnItem,
  Ticket,
  TicketChange,
  TicketStatus,
  TicketType,
  TicketsRepo,
} from './tickets.repo.ts'

const moves: Record<TicketStatus, TicketStatus[]> = {
  open: ['in_progress', 'resolved', 'closed'],
  in_progress: ['open', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
}
export const isStaff = (p: { roles: string[] }) => p.roles.includes('support') || p.roles.includes('admin')

/** The items a return names, as the order has them; one it did not have, or more than is still out, is a 422. */
function returnItems(order: OrderFacts, wanted: { productId: string; quantity: number }[]): ReturnItem[] {
  return [...quantitiesByProduct(wanted)].map(([productId, quantity]) => {
    const item = order.items.find((i) => i.productId === productId)
    const out = item ? item.quantity - item.returned : 0
    if (!item || quantity > out) {
      const message = item
        ? `Only ${out} of ${item.name} from order ${order.number} can still be returned.`
        : `Order ${order.number} has no product ${productId}.`
      throw new AppError('unprocessable', message, { errors: [{ path: 'items', message }] })
    }
    return { productId, name: item.name, quantity }
  })
}

/**
 * Customer-service tickets: customers open, read and answer their own; support and admins
 * work the queue. Every agent reply and status change e-mails the customer through the
 * outbox, in the transaction that made it.
 */
export function createTicketService({
  tickets,
  neighbours,
  settings,
}: {
  tickets: TicketsRepo
  neighbours: Neighbours
  settings: () => SupportSettings
}) {
  const mailDomain = () => settings().shop.mailDomain
  const shopUrl = () => settings().shop.publicUrl
  // with the change it tells of; a customer who deleted their account is told nothing more
  const tellCustomer = async (tx: Transaction, t: Ticket, mail: OutgoingMail) => {
    if (t.customerEmail) await enqueueMail(tx, mail, mailDomain())
  }

  /** The ticket if this principal may see it; anyone else is told it does not exist. */
  async function visible(id: string, principal: Principal): Promise<Ticket> {
    const ticket = await tickets.find(id)
    if (!ticket || (ticket.userId !== principal.id && !isStaff(principal)))
      throw new AppError('not_found', `No ticket ${id}.`)
    return ticket
  }

  /** An order named on a ticket must be the customer's own; a return needs it delivered, within the window. */
  async function checkOrder(userId: string, orderId: string, type: TicketType) {
    const order = await neighbours.order(orderId).catch((err) => {
      if (err instanceof AppError && err.status === 404) return undefined
      return unreachable(
        err,
        'Orders cannot be checked right now, so a ticket about an order cannot be opened; try again in a moment (a ticket without an order works).',
      )
    })
    const invalid = (message: string) =>
      new AppError('unprocessable', message, { errors: [{ path: 'orderId', message }] })
    if (!order || order.userId !== userId) throw invalid('No such order of yours.')
    if (type === 'return') {
      if (order.status !== 'delivered' || !order.deliveredAt)
        throw invalid(`Order ${order.number} is ${order.status}; a return needs a delivered order.`)
      const days = settings().shop.returnWindowDays
      if (Date.now() > returnableUntil(order.deliveredAt, days).getTime())
        throw invalid(`Order ${order.number} was delivered more than ${days} days ago; it can no longer be returned.`)
    }
    return order
  }

  async function setStatus(
    id: string,
    to: TicketStatus,
    actor: string,
    extra: { resolution?: string; note?: string } = {},
  ) {
    return tickets.transaction(async (tx) => {
      const ticket = await tickets.lock(tx, id)
      // the same move again (two approvals that met): nothing more, no second e-mail
      if (ticket.status === to && (!extra.resolution || ticket.resolution === extra.resolution)) return ticket
      if (ticket.status !== to && !moves[ticket.status].includes(to))
        throw new AppError('conflict', `Ticket ${ticket.number} is ${ticket.status}; it cannot become ${to}.`, {
          ticketStatus: ticket.status,
        })
      const decided = to === 'resolved' || to === 'closed'
      const changed = await tickets.update(tx, id, {
        status: to,
        ...(extra.resolution ? { resolution: extra.resolution } : {}),
        // a return's approval under way ends with the ticket's outcome
        ...(decided ? { approvalBy: null, approvalSince: null } : {}),
      })
      const eventId = await tickets.event(
        tx,
        id,
        'status',
        `${ticket.status} -> ${to}${extra.resolution ? ` (${extra.resolution})` : ''}`,
        actor,
      )
      await tellCustomer(tx, changed, statusMail(changed, eventId, shopUrl(), extra.note))
      return changed
    })
  }

  const approval = createReturnApproval({
    tickets,
    neighbours,
    resolve: (id, actor, note) => setStatus(id, 'resolved', actor, { resolution: 'return_approved', note }),
  })

  return {
    visible,

    async open(
      principal: Principal,
      input: {
        type: TicketType
        subject: string
        message: string
        orderId?: string
        items?: { productId: string; quantity: number }[]
      },
    ) {
      const order = input.orderId ? await checkOrder(principal.id, input.orderId, input.type) : undefined
      const items = order && input.items ? returnItems(order, input.items) : undefined
      const contact = await neighbours.contact(principal.id)
      const priority = settings().support.defaultPriority[input.type]
      return tickets.transaction(async (tx) => {
        const ticket = await tickets.create(tx, {
          userId: principal.id,
          customerEmail: contact.email,
          customerName: contact.name,
          type: input.type,
          subject: input.subject,
          priority,
          dueHours: settings().support.firstResponseHours[priority],
          orderId: order?.id,
          orderNumber: order?.number,
          items,
        })
        await tickets.addMessage(tx, ticket.id, principal.id, 'customer', input.message)
        await tickets.event(tx, ticket.id, 'opened', null, principal.id)
        return ticket
      })
    },

    /** Customers see their own tickets; support and admins the whole queue. */
    /** A customer's own tickets; the queue for support and admins (one customer's with `userId`). */
    list: (principal: Principal, filter: QueueFilter) =>
      tickets.list({ ...filter, userId: isStaff(principal) ? filter.userId : principal.id }),

    /**
     * A reply: the customer's (not on a closed ticket; on a resolved one it reopens it), or an
     * agent's (e-mailed; the first one answers the deadline; an unassigned ticket becomes theirs,
     * as help desks do, so the queue shows who is on it).
     */
    async reply(id: string, principal: Principal, body: string) {
      const ticket = await visible(id, principal)
      const agent = ticket.userId !== principal.id
      return tickets.transaction(async (tx) => {
        const current = await tickets.lock(tx, ticket.id)
        if (current.status === 'closed')
          throw new AppError('conflict', `Ticket ${current.number} is closed; open a new ticket.`)
        const message = await tickets.addMessage(tx, current.id, principal.id, agent ? 'agent' : 'customer', body)
        if (agent) {
          const updated = await tickets.update(tx, current.id, {
            firstRespondedAt: current.firstRespondedAt ?? new Date(),
            ...(current.status === 'open' ? { status: 'in_progress' } : {}),
            ...(current.assigneeId ? {} : { assigneeId: principal.id }),
          })
          await tellCustomer(tx, updated, replyMail(updated, message.id, body, shopUrl()))
          // the moves are in the history as every other one is (the reply's e-mail says it, no second one)
          if (!current.assigneeId)
            await tickets.event(tx, current.id, 'changed', JSON.stringify({ assigneeId: principal.id }), principal.id)
          if (current.status === 'open')
            await tickets.event(tx, current.id, 'status', 'open -> in_progress (agent replied)', principal.id)
        } else if (current.status === 'resolved') {
          await tickets.update(tx, current.id, { status: 'in_progress' })
          await tickets.event(tx, current.id, 'status', 'resolved -> in_progress (customer replied)', principal.id)
        }
        return message
      })
    },

    /** Workflow, for support and admins: status, assignee (a support user or admin), priority. */
    async change(
      id: string,
      principal: Principal,
      change: { status?: TicketStatus; assigneeId?: string | null; priority?: Priority },
    ) {
      await visible(id, principal)
      if (change.assigneeId) {
        const assignee = await neighbours.contact(change.assigneeId).catch((err) => {
          if (err instanceof AppError && err.status === 404) return undefined
          throw err
        })
        if (!assignee || !isStaff(assignee)) {
          throw new AppError('unprocessable', 'The assignee must be a support agent or an admin.', {
            errors: [{ path: 'assigneeId', message: 'not a support user' }],
          })
        }
      }
      if (change.assigneeId !== undefined || change.priority) {
        await tickets.transaction(async (tx) => {
          const current = await tickets.lock(tx, id)
          const set: TicketChange = { assigneeId: change.assigneeId }
          if (change.priority && change.priority !== current.priority) {
            set.priority = change.priority
            // a new priority moves the first-response deadline, counted from when the ticket was opened
            set.firstResponseDueAt = new Date(
              current.createdAt.getTime() + settings().support.firstResponseHours[change.priority] * 3_600_000,
            )
          }
          await tickets.update(tx, id, set)
          await tickets.event(
            tx,
            id,
            'changed',
            JSON.stringify({ assigneeId: change.assigneeId, priority: change.priority }),
            principal.id,
          )
        })
      }
      if (change.status) await setStatus(id, change.status, principal.id)
      return visible(id, principal)
    },

    /** Approves a return (`createReturnApproval`): sales refunds it, the ticket is resolved. */
    approveReturn: async (id: string, principal: Principal) =>
      approval.approve(await visible(id, principal), principal.id),

    /** Repeats an approval sales did not finish in time, as the agent who asked (for the background job). */
    finishApproval: approval.finish,

    /** The customer rates a resolved ticket, once. */
    async rate(id: string, principal: Principal, { score, comment }: { score: number; comment?: string }) {
      const ticket = await visible(id, principal)
      if (ticket.userId !== principal.id)
        throw new AppError('forbidden', 'Only the customer who opened the ticket can rate it.')
      return tickets.transaction(async (tx) => {
        const current = await tickets.lock(tx, id)
        if (current.status !== 'resolved' && current.status !== 'closed')
          throw new AppError('conflict', `Ticket ${current.number} is ${current.status}; rate it once it is resolved.`)
        if (current.rating) throw new AppError('conflict', `Ticket ${current.number} has already been rated.`)
        await tickets.event(tx, id, 'rated', String(score), principal.id)
        return tickets.update(tx, id, { ratingScore: score, ratingComment: comment ?? null, ratedAt: new Date() })
      })
    },
  }
}

export type TicketService = ReturnType<typeof createTicketService>
