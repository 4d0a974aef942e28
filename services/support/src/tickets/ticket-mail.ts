import { mailBlocks as b, mailLayout, type OutgoingMail } from '@shopfront/kit'
import type { Ticket } from './tickets.repo.ts'

const statusWords = {
  open: 'open again',
  in_progress: 'being worked on',
  resolved: 'resolved',
  closed: 'closed',
} as const
/** The ticket's page in the shop (the customer signs in first if needed). */
const ticketUrl = (t: Ticket, shopUrl: string) => `${shopUrl}/tickets/${t.id}`

/** An agent's reply, to the customer. */
export function replyMail(t: Ticket, messageId: number, body: string, shopUrl: string): OutgoingMail {
  const intro = `our support team replied to your ticket ${t.number} (${t.subject}):`
  return {
    to: t.customerEmail,
    subject: `Re: [${t.number}] ${t.subject}`,
    text: [`Hello ${t.customerName},`, intro, body, `Reply or follow your ticket: ${ticketUrl(t, shopUrl)}`].join(
      '\n\n',
    ),
    html: mailLayout({
      shopUrl,
      title: `Re: [${t.number}] ${t.subject}`,
      preheader: body.slice(0, 120),
      blocks: [
        b.paragraph(`Hello ${t.customerName}, ${intro}`),
        b.quote(body),
        b.button('Reply on your ticket', ticketUrl(t, shopUrl)),
      ],
    }),
    key: `ticket-reply:${t.id}:${messageId}`,
  }
}

/** A change of status, to the customer (with what it means for a return). */
export function statusMail(t: Ticket, eventId: number, shopUrl: string, note?: string): OutgoingMail {
  const said = `your ticket ${t.number} (${t.subject}) is now ${statusWords[t.status]}.`
  return {
    to: t.customerEmail,
    subject: `[${t.number}] Your ticket is ${statusWords[t.status]}`,
    text: [`Hello ${t.customerName},`, said, ...(note ? [note] : []), `Your ticket: ${ticketUrl(t, shopUrl)}`].join(
      '\n\n',
    ),
    html: mailLayout({
      shopUrl,
      title: `[${t.number}] Your ticket is ${statusWords[t.status]}`,
      preheader: said,
      blocks: [
        b.paragraph(`Hello ${t.customerName}, ${said}`),
        ...(note ? [b.paragraph(note)] : []),
        b.button('See your ticket', ticketUrl(t, shopUrl)),
      ],
    }),
    key: `ticket-status:${t.id}:${eventId}`,
  }
}
