/** @jsxImportSource hono/jsx */
import * as z from 'zod'
import { choices, SelectField, TextAreaField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { When, History } from '../layout/parts.tsx'
import type { Ticket } from '../shop/schemas.ts'
import { ratingText, returnText, statusMove, typeText } from '../tickets/ticket-page.tsx'

export const statuses = ['open', 'in_progress', 'resolved', 'closed'] as const
export const priorities = ['urgent', 'high', 'normal', 'low'] as const
/** A ticket's status as staff read it. */
export const staffStatus: Record<(typeof statuses)[number], string> = {
  open: 'Open',
  in_progress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
}
/** A ticket's priority in words. */
export const priorityText: Record<(typeof priorities)[number], string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
}

type TicketEvent = NonNullable<Ticket['history']>[number]

/** A history entry as staff read it: what happened, and who did it (you, the customer, or another of the staff). */
function staffEvent(h: TicketEvent, ticket: Ticket, me: string): { what: string; at: string; note: string } {
  const who = h.actor === me ? 'you' : h.actor === ticket.userId ? 'the customer' : 'support'
  return { what: eventText(h, me), at: h.at, note: `by ${who}` }
}

/** The customer's address as support has it: none once they deleted their account. */
export const addressOf = (ticket: Pick<Ticket, 'customer'>) => ticket.customer.email || 'account deleted'

function eventText({ kind, detail }: TicketEvent, me: string): string {
  if (kind === 'opened') return 'Opened'
  if (kind === 'account_deleted') return 'The customer deleted their account'
  if (kind === 'rated') return `Rated ${detail} of 5`
  if (kind === 'changed') return changeText(detail, me)
  const { to, why } = statusMove(detail)
  if (kind === 'status' && to) {
    const status = staffStatus[to as Ticket['status']] ?? to
    return why ? `${status} (${why.replaceAll('_', ' ')})` : status
  }
  return kind
}

const changeDetail = z
  .object({ assigneeId: z.string().nullable().optional(), priority: z.enum(priorities).optional() })
  .catch({})

/** Who a ticket is assigned to, as the one reading it says it. */
export const assigneeText = (assigneeId: string | null, me: string) =>
  assigneeId ? (assigneeId === me ? 'you' : 'another agent') : 'nobody'

/** An assignment or priority change, as support records it (`{"assigneeId": …, "priority": …}`). */
function changeText(detail: string | null, me: string): string {
  let recorded: unknown = null
  try {
    recorded = JSON.parse(detail ?? '')
  } catch {
    // not what support records: said as a change, without the details
  }
  const change = changeDetail.parse(recorded)
  const parts = [
    change.assigneeId === null && 'Unassigned',
    change.assigneeId && `Assigned to ${assigneeText(change.assigneeId, me)}`,
    change.priority && `Priority ${priorityText[change.priority].toLowerCase()}`,
  ].filter((p) => typeof p === 'string')
  return parts.join('; ') || 'Changed'
}

/** One ticket for staff: who wrote it, the conversation and a reply, a return to decide, its status, priority and assignee. */
export function TicketView({
  ticket,
  me,
  admin,
  errors,
}: {
  ticket: Ticket
  me: string
  admin: boolean
  errors: Record<string, string>
}) {
  const openReturn =
    ticket.type === 'return' && !ticket.resolution && ticket.status !== 'closed' && ticket.status !== 'resolved'
  return (
    <div class="stack">
      <h1>{`Ticket ${ticket.number}: ${ticket.subject}`}</h1>
      <p>
        <span class="status">{staffStatus[ticket.status]}</span>{' '}
        <span class="muted">
          {`${typeText[ticket.type]} · priority ${ticket.priority} · assigned to ${assigneeText(ticket.assigneeId, me)}`}
          {ticket.overdue ? ' · overdue' : ''}
        </span>
        {ticket.orderId && (
          <>
            {' · '}
            <a href={`/admin/orders/${ticket.orderId}`}>{`Order ${ticket.orderNumber ?? ''}`}</a>
          </>
        )}
      </p>
      <p>
        {'From '}
        {admin ? <a href={`/admin/users/${ticket.userId}`}>{ticket.customer.name}</a> : ticket.customer.name}
        {` (${addressOf(ticket)})`}
      </p>
      {ticket.customer.email ? null : (
        <p class="notice">The customer deleted their account: replies are kept here, and no e-mail tells them.</p>
      )}
      <section aria-labelledby="conversation">
        <h2 id="conversation">Conversation</h2>
        <ol class="messages">
          {(ticket.messages ?? []).map((m) => (
            <li class={m.authorRole === 'agent' ? 'message agent' : 'message'}>
              <p class="muted">
                <strong>{m.authorRole === 'agent' ? (m.authorId === me ? 'You' : 'Support') : 'Customer'}</strong>{' '}
                <When at={m.createdAt} />
              </p>
              <p class="body">{m.body}</p>
            </li>
          ))}
        </ol>
        {ticket.status !== 'closed' && (
          <form class="form panel" method="post" action={`/admin/tickets/${ticket.id}/reply`} novalidate>
            <CsrfField />
            <TextAreaField name="body" label="Reply (e-mailed to the customer)" required rows={4} error={errors.body} />
            <div>
              <button type="submit">Send reply</button>
            </div>
          </form>
        )}
      </section>
      {openReturn && (
        <section class="panel" aria-labelledby="return">
          <h2 id="return">The return</h2>
          <p>{`Sending back: ${returnText(ticket)}`}</p>
          {ticket.approvalPending ? (
            <p class="notice ok">
              Approved; waiting for sales to confirm the refund. Support finishes it by itself once sales answers (every
              half minute) and tells the customer.
            </p>
          ) : (
            <ReturnDecision ticket={ticket} errors={errors} />
          )}
        </section>
      )}
      {ticket.resolution && <p class="notice">{`Resolution: ${ticket.resolution.replaceAll('_', ' ')}`}</p>}
      {ticket.rating && <p class="panel">{`The customer rated this ${ratingText(ticket.rating)}`}</p>}
      <form class="filters-row panel" method="post" action={`/admin/tickets/${ticket.id}/change`}>
        <CsrfField />
        <SelectField name="status" label="Status" value={ticket.status} options={choices(staffStatus)} />
        <SelectField name="priority" label="Priority" value={ticket.priority} options={choices(priorityText)} />
        <SelectField
          name="assign"
          label="Assignee"
          value={ticket.assigneeId === me ? 'me' : ticket.assigneeId ? '' : 'nobody'}
          options={[
            ...(ticket.assigneeId && ticket.assigneeId !== me ? [{ value: '', label: 'Someone else (keep)' }] : []),
            { value: 'me', label: 'Me' },
            { value: 'nobody', label: 'Nobody' },
          ]}
        />
        <button type="submit" class="secondary">
          Save
        </button>
      </form>
      <History entries={(ticket.history ?? []).map((h) => staffEvent(h, ticket, me))} />
      <p>
        <a href="/admin/tickets">Back to the queue</a>
      </p>
    </div>
  )
}

/** An open return's two ways out: approve it (a page asks first) or reject it, saying why. */
function ReturnDecision({ ticket, errors }: { ticket: Ticket; errors: Record<string, string> }) {
  return (
    <>
      <p>
        <a class="button" href={`/admin/tickets/${ticket.id}/approve`}>
          Approve and refund…
        </a>
      </p>
      <form class="form" method="post" action={`/admin/tickets/${ticket.id}/reject`} novalidate>
        <CsrfField />
        <TextAreaField name="reason" label="Or reject it, saying why" rows={2} error={errors.reason} />
        <div>
          <button type="submit" class="secondary">
            Reject the return
          </button>
        </div>
      </form>
    </>
  )
}
