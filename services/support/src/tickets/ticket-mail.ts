import { htmlParagraphs as html, type OutgoingMail } from '@shopfront/kit'
import type { Ticket } from './tickets.repo.ts'

const statusWords = {
  open: 'open again',
  in_progress: 'being worked on',
  resolved: 'resolved',
  closed: 'closed',
} as const

/** An agent's reply, to the customer. */
export function replyMail(t: Ticket, messageId: number, body: string, shopUrl: string): OutgoingMail {
  const paragraphs = [
    `Hello ${t.customerName},`,
    `our support team replied to your ticket ${t.number} (${t.subject}):`,
    body,
    `Reply or follow your ticket: ${shopUrl}/api/tickets/${t.id}`,
  ]
  return {
    to: t.customerEmail,
    subject: `Re: [${t.number}] ${t.subject}`,
    text: paragraphs.join('\n\n'),
    html: html(paragraphs),
    key: `ticket-reply:${t.id}:${messageId}`,
  }
}

/** A change of status, to the customer (with what it means for a return). */
export function statusMail(t: Ticket, eventId: number, shopUrl: string, note?: string): OutgoingMail {
  const paragraphs = [
    `Hello ${t.customerName},`,
    `your ticket ${t.number} (${t.subject}) is now ${statusWords[t.status]}.`,
    ...(note ? [note] : []),
    `Your ticket: ${shopUrl}/api/tickets/${t.id}`,
  ]
  return {
    to: t.customerEmail,
    subject: `[${t.number}] Your ticket is ${statusWords[t.status]}`,
    text: paragraphs.join('\n\n'),
    html: html(paragraphs),
    key: `ticket-status:${t.id}:${eventId}`,
  }
}
