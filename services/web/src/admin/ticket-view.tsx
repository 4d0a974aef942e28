/** @jsxImportSource hono/jsx */
import { choices, SelectField, TextAreaField } from '../layout/fields.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { dateTime } from '../layout/parts.tsx'
import type { Ticket } from '../shop/schemas.ts'
import { typeText } from '../tickets/ticket-page.tsx'

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
          {`${typeText[ticket.type]} · priority ${ticket.priority} · ${ticket.assigneeId ? (ticket.assigneeId === me ? 'assigned to you' : 'assigned') : 'nobody assigned'}`}
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
        {` (${ticket.customer.email})`}
      </p>
      <section aria-labelledby="conversation">
        <h2 id="conversation">Conversation</h2>
        <ol class="messages">
          {(ticket.messages ?? []).map((m) => (
            <li class={m.authorRole === 'agent' ? 'message agent' : 'message'}>
              <p class="muted">
                <strong>{m.authorRole === 'agent' ? (m.authorId === me ? 'You' : 'Support') : 'Customer'}</strong>{' '}
                {dateTime(m.createdAt)}
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
        </section>
      )}
      {ticket.resolution && <p class="notice">{`Resolution: ${ticket.resolution.replaceAll('_', ' ')}`}</p>}
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
      <p>
        <a href="/admin/tickets">Back to the queue</a>
      </p>
    </div>
  )
}
