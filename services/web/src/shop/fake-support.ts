import { AppError } from '@shopfront/kit'
import type { Order, Ticket } from './schemas.ts'
import type { Shop } from './shop.ts'

type SupportPart = Pick<Shop, 'tickets' | 'ticket' | 'openTicket' | 'replyToTicket' | 'rateTicket'>

/** Support as the web app's tests see it: Ann's tickets, a return only for a delivered order (of what is still out), replies and ratings. */
export function fakeSupport({
  check,
  orders,
  tickets,
  ann,
}: {
  check: (service: 'support') => void
  orders: Order[]
  tickets: Ticket[]
  ann: { id: string; email: string; name: string }
}): SupportPart {
  const support: SupportPart = {
    async tickets() {
      check('support')
      return { items: tickets.map(({ messages, history, ...t }) => t), total: tickets.length, page: 1, limit: 20 }
    },
    async ticket(_token, id) {
      check('support')
      const ticket = tickets.find((t) => t.id === id)
      if (!ticket) throw new AppError('not_found', 'No such ticket.')
      return ticket
    },
    async openTicket(_token, { type, subject, message, orderId, items }) {
      check('support')
      const order = orderId ? orders.find((o) => o.id === orderId) : undefined
      if (orderId && !order) throw new AppError('unprocessable', 'That is not one of your orders.')
      if (type === 'return' && order?.status !== 'delivered')
        throw new AppError(
          'unprocessable',
          `Order ${order?.number ?? ''} is not delivered: only delivered orders can be returned.`,
        )
      const named = (items ?? []).map(({ productId, quantity }) => {
        const item = order?.items.find((i) => i.productId === productId)
        if (!item || quantity > item.quantity - item.returned) {
          const said = item
            ? `Only ${item.quantity - item.returned} of ${item.name} can still be returned.`
            : 'No such item.'
          throw new AppError('unprocessable', said, { errors: [{ path: 'items', message: said }] })
        }
        return { productId, name: item.name, quantity }
      })
      const now = new Date().toISOString()
      const ticket: Ticket = {
        id: crypto.randomUUID(),
        number: `T-${tickets.length + 1}`,
        userId: ann.id,
        customer: { name: ann.name, email: ann.email },
        type,
        subject,
        status: 'open',
        priority: 'normal',
        assigneeId: null,
        orderId: order?.id ?? null,
        orderNumber: order?.number ?? null,
        items: items ? named : null,
        resolution: null,
        approvalPending: false,
        firstResponseDueAt: now,
        firstRespondedAt: null,
        overdue: false,
        rating: null,
        messages: [{ id: 1, authorId: ann.id, authorRole: 'customer', body: message, createdAt: now }],
        history: [{ kind: 'opened', detail: null, actor: ann.id, at: now }],
        createdAt: now,
        updatedAt: now,
      }
      tickets.unshift(ticket)
      return ticket
    },
    async replyToTicket(_token, id, body) {
      const ticket = await support.ticket('', id)
      if (ticket.status === 'closed')
        throw new AppError('conflict', `Ticket ${ticket.number} is closed; open a new ticket.`)
      ticket.messages?.push({
        id: 9,
        authorId: ann.id,
        authorRole: 'customer',
        body,
        createdAt: new Date().toISOString(),
      })
    },
    async rateTicket(_token, id, { score, comment }) {
      const ticket = await support.ticket('', id)
      // as support: once resolved, and still once closed (it closes settled tickets on its own)
      if (ticket.status !== 'resolved' && ticket.status !== 'closed')
        throw new AppError('conflict', `Ticket ${ticket.number} is ${ticket.status}; rate it once it is resolved.`)
      const at = new Date().toISOString()
      ticket.rating = { score, comment: comment ?? null, at }
      ticket.history?.push({ kind: 'rated', detail: String(score), actor: ann.id, at })
    },
  }
  return support
}
