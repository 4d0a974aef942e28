import { AppError } from '@shopfront/kit'
import { type Neighbours, unreachable } from '../neighbours/neighbours.ts'
import type { ReturnItem, Ticket, TicketsRepo } from './tickets.repo.ts'

/** "2 × Moka Pot, 1 × Beans" */
const itemsText = (items: ReturnItem[]) => items.map((i) => `${i.quantity} × ${i.name}`).join(', ')

/**
 * A return's approval: sales refunds the order (idempotent there): the items the ticket
 * names (once, the ticket being the refund's key), or the whole order; then the ticket is
 * resolved (`resolve`, which tells the customer). The approval is remembered first: when
 * sales is down or too slow (it may have begun the refund) the agent hears a retryable 503,
 * the ticket stays as it was, and `finish` repeats the approval later as that agent, until
 * sales finishes it; a refusal (a 409: the order cannot be refunded) forgets it.
 */
export function createReturnApproval({
  tickets,
  neighbours,
  resolve,
}: {
  tickets: TicketsRepo
  neighbours: Neighbours
  resolve: (id: string, actor: string, note: string) => Promise<Ticket>
}) {
  async function approve(ticket: Ticket, actor: string) {
    if (ticket.type !== 'return' || !ticket.orderId)
      throw new AppError('conflict', `Ticket ${ticket.number} is not a return of an order.`)
    if (ticket.resolution === 'return_approved') return ticket
    if (ticket.status === 'closed') throw new AppError('conflict', `Ticket ${ticket.number} is closed.`)
    const part = ticket.items
      ? { key: ticket.id, items: ticket.items.map(({ productId, quantity }) => ({ productId, quantity })) }
      : undefined
    await tickets.beginApproval(ticket.id, actor)
    await neighbours.refund(ticket.orderId, `return approved on ticket ${ticket.number}`, part).catch(async (err) => {
      if (!(err instanceof AppError && err.retryable)) await tickets.forgetApproval(ticket.id)
      unreachable(
        err,
        'Sales could not confirm the refund just now; the ticket stays as it is until it does, and the approval is then finished by itself (approving again does no harm: the order is never refunded twice).',
      )
    })
    return resolve(
      ticket.id,
      actor,
      ticket.items
        ? `Your return of ${itemsText(ticket.items)} from order ${ticket.orderNumber} was approved and refunded.`
        : `Your return was approved and order ${ticket.orderNumber} has been refunded.`,
    )
  }

  return {
    approve,
    /** Repeats a remembered approval as the agent who asked; nothing when it was finished or forgotten meanwhile. */
    async finish(id: string) {
      const ticket = await tickets.find(id)
      if (ticket?.approvalBy) await approve(ticket, ticket.approvalBy)
    },
  }
}
