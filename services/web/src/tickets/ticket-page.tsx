/** @jsxImportSource hono/jsx */
import type { FormState } from '../forms.ts'
import { fieldsOf, PostForm, StarsField, TextAreaField } from '../layout/fields.tsx'
import { When, History } from '../layout/parts.tsx'
import type { Ticket } from '../shop/schemas.ts'

export const typeText: Record<Ticket['type'], string> = {
  inquiry: 'A question',
  return: 'A return',
  complaint: 'A complaint',
  feedback: 'Feedback',
}
export const statusText: Record<Ticket['status'], string> = {
  open: 'Waiting for us',
  in_progress: 'We are on it',
  resolved: 'Resolved',
  closed: 'Closed',
}

/** Why a ticket moved, as support records it, in the customer's words. */
const resolutionText: Record<string, string> = {
  return_approved: 'return approved, refund on its way',
  'agent replied': 'we answered',
  'customer replied': 'you wrote again',
}

/** What a return sends back: "2 × Moka Pot, 1 × Beans", or the whole order where it names no items. */
export const returnText = (ticket: Pick<Ticket, 'type' | 'items'>) =>
  ticket.type !== 'return'
    ? undefined
    : ticket.items
      ? ticket.items.map((i) => `${i.quantity} × ${i.name}`).join(', ')
      : 'the whole order'

/** A rating as it reads after "rated this": `4 of 5: “Quick.”`, or `4 of 5.` without a comment. */
export const ratingText = ({ score, comment }: { score: number; comment: string | null }) =>
  `${score} of 5${comment ? `: “${comment}”` : '.'}`

/** A status event's move, as support records it: `open -> resolved (why)`. */
export function statusMove(detail: string | null): { to: string | undefined; why: string | undefined } {
  const [, to, why] = /-> (\w+)(?: \((.+)\))?/.exec(detail ?? '') ?? []
  return { to, why }
}

/** A history entry as the customer reads it (support records `status` as `open -> resolved (why)`). */
function eventText({ kind, detail }: { kind: string; detail: string | null }): string {
  if (kind === 'opened') return 'Opened'
  if (kind === 'rated') return `Rated ${detail} of 5`
  if (kind === 'changed') return 'Taken up by our team'
  const { to, why } = statusMove(detail)
  if (kind === 'status' && to) {
    const status = statusText[to as Ticket['status']] ?? to
    return why ? `${status}: ${resolutionText[why] ?? why}` : status
  }
  return kind
}

/** One ticket: its conversation, a reply (unless closed), a rating once resolved, and its history. */
export function TicketPage({ ticket, form }: { ticket: Ticket; form: FormState }) {
  const { values, errors } = form
  const finished = ticket.status === 'resolved' || ticket.status === 'closed'
  return (
    <>
      <h1>{`Ticket ${ticket.number}: ${ticket.subject}`}</h1>
      <p>
        <span class="status">{statusText[ticket.status]}</span> <span class="muted">{typeText[ticket.type]}</span>
        {ticket.orderId && (
          <>
            {' · '}
            <a href={`/orders/${ticket.orderId}`}>{`Order ${ticket.orderNumber ?? ''}`}</a>
          </>
        )}
      </p>
      {ticket.type === 'return' && <p>{`Sending back: ${returnText(ticket)}`}</p>}
      <section aria-labelledby="conversation" class="conversation">
        <h2 id="conversation">Conversation</h2>
        <ol class="messages">
          {(ticket.messages ?? []).map((m) => (
            <li class={m.authorRole === 'agent' ? 'message agent' : 'message'}>
              <p class="muted">
                <strong>{m.authorRole === 'agent' ? 'Shopfront support' : 'You'}</strong> <When at={m.createdAt} />
              </p>
              <p class="body">{m.body}</p>
            </li>
          ))}
        </ol>
        {ticket.status === 'closed' ? (
          <p class="panel">
            This ticket is closed. Something else? <a href="/tickets/new">Open a new ticket</a>.
          </p>
        ) : (
          <PostForm action={`/tickets/${ticket.id}/messages`} submit="Send" class="panel">
            <TextAreaField
              {...fieldsOf(form)('body')}
              label={ticket.status === 'resolved' ? 'Not solved after all? Write to reopen it' : 'Your reply'}
              required
              rows={4}
            />
          </PostForm>
        )}
      </section>
      {finished && !ticket.rating && (
        <PostForm action={`/tickets/${ticket.id}/rating`} submit="Rate" class="panel">
          <StarsField name="score" legend="How did we do?" value={values.score} error={errors.score} />
          <TextAreaField name="comment" label="Anything to add? (optional)" rows={3} value={values.comment} />
        </PostForm>
      )}
      {ticket.rating && <p class="panel">{`You rated this ${ratingText(ticket.rating)}`}</p>}
      <History entries={(ticket.history ?? []).map((h) => ({ what: eventText(h), at: h.at }))} />
      <div class="actions">
        <a class="button secondary" href="/tickets">
          All tickets
        </a>
      </div>
    </>
  )
}
