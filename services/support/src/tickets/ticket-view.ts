import type { Message, Ticket } from './tickets.repo.ts'

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)

/** A ticket as clients see it; `overdue` when no agent has answered by the first-response deadline. */
export function ticketView(t: Ticket, extra: { messages?: Message[]; history?: unknown[] } = {}) {
  const waiting = t.firstRespondedAt === null && (t.status === 'open' || t.status === 'in_progress')
  return {
    id: t.id,
    number: t.number,
    userId: t.userId,
    customer: { name: t.customerName, email: t.customerEmail },
    type: t.type,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    assigneeId: t.assigneeId,
    orderId: t.orderId,
    orderNumber: t.orderNumber,
    items: t.items,
    resolution: t.resolution,
    approvalPending: t.approvalSince !== null,
    firstResponseDueAt: iso(t.firstResponseDueAt),
    firstRespondedAt: iso(t.firstRespondedAt),
    overdue: waiting && new Date(t.firstResponseDueAt).getTime() < Date.now(),
    rating: t.rating ? { score: t.rating.score, comment: t.rating.comment, at: iso(t.rating.at) } : null,
    ...(extra.messages
      ? {
          messages: extra.messages.map((m) => ({
            id: m.id,
            authorId: m.authorId,
            authorRole: m.authorRole,
            body: m.body,
            createdAt: iso(m.createdAt),
          })),
        }
      : {}),
    ...(extra.history ? { history: extra.history } : {}),
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  }
}
