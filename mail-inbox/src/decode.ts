import { type AddressObject, simpleParser } from 'mailparser'
import type { Message } from './store.ts'

/** A message as a person reads it: decoded headers, the text and HTML parts, the attachments. */
export interface ReadableMail {
  subject: string
  from: string
  to: string
  date?: Date
  text?: string
  html?: string
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[]
}

const names = (a?: AddressObject | AddressObject[]) =>
  Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? '')

/**
 * Decodes a message with mailparser (multipart, quoted-printable, base64, encoded-word
 * headers, charsets, attachments), for the inbox's page and for tests that read mail.
 *
 * @example
 *   const { subject, text } = await readMail(message)
 */
export async function readMail(message: Pick<Message, 'Raw'>): Promise<ReadableMail> {
  const parsed = await simpleParser(message.Raw.Data, { skipImageLinks: true, skipTextToHtml: true })
  return {
    subject: parsed.subject ?? '(no subject)',
    from: names(parsed.from),
    to: names(parsed.to),
    date: parsed.date,
    text: parsed.text,
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    attachments: parsed.attachments.map((a, i) => ({
      filename: a.filename ?? `attachment-${i + 1}`,
      contentType: a.contentType,
      size: a.size,
      content: a.content,
    })),
  }
}
