/** A message or one of its MIME parts as MailHog's API returns it (its Go field names). */
export interface Content {
  Headers: Record<string, string[]>
  /** As sent: a part's body is still in its Content-Transfer-Encoding (quoted-printable, base64), as in MailHog. */
  Body: string
  Size: number
  MIME: MimeBody | null
}

export interface MimeBody {
  Parts: Content[]
}

export interface Message {
  ID: string
  From: Path
  To: Path[]
  Content: Content
  Created: string
  /** The parts of a multipart message (MailHog keeps them here, not in `Content.MIME`); else null. */
  MIME: MimeBody | null
  Raw: { From: string; To: string[]; Data: string; Helo: string }
}

export interface Path {
  Relays: string[] | null
  Mailbox: string
  Domain: string
  Params: string
}

export function toPath(address: string): Path {
  const at = address.lastIndexOf('@')
  return {
    Relays: null,
    Mailbox: at < 0 ? address : address.slice(0, at),
    Domain: at < 0 ? '' : address.slice(at + 1),
    Params: '',
  }
}

/** Headers as MailHog keeps them: folded lines unfolded, each name with all its values. */
export function parseMessage(data: string): { headers: Record<string, string[]>; body: string } {
  const split = data.search(/\r?\n\r?\n/)
  const head = split < 0 ? data : data.slice(0, split)
  const body = split < 0 ? '' : data.slice(split).replace(/^\r?\n\r?\n/, '')
  const headers: Record<string, string[]> = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim()
    headers[name] = [...(headers[name] ?? []), line.slice(colon + 1).trim()]
  }
  return { headers, body }
}

/** The boundary of a multipart Content-Type (quoted or not), or undefined for any other type. */
function boundaryOf(headers: Record<string, string[]>): string | undefined {
  const type = headers['Content-Type']?.[0] ?? ''
  if (!/^multipart\//i.test(type)) return undefined
  return /boundary="?([^";]+)"?/i.exec(type)?.[1]
}

/** The parts of a multipart body (each a Content, nested multiparts parsed in turn), as MailHog splits them. */
function mimeOf(headers: Record<string, string[]>, body: string): MimeBody | null {
  const boundary = boundaryOf(headers)
  if (!boundary) return null
  // what lies between the first delimiter and the closing one; the preamble and epilogue are not parts
  const sections = body.split(
    new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?$`, 'm'),
  )
  const parts = sections.slice(1, -1).map((section) => contentOf(section.replace(/^\r?\n/, '').replace(/\r?\n$/, '')))
  return { Parts: parts }
}

function contentOf(data: string): Content {
  const { headers, body } = parseMessage(data)
  return { Headers: headers, Body: body, Size: Buffer.byteLength(data), MIME: mimeOf(headers, body) }
}

/**
 * The inbox: messages in memory, newest first, at most `capacity` (the oldest go first),
 * as MailHog keeps them by default. `subscribe` hears of each new message (the event
 * stream, the page's live list).
 */
export function createMessageStore(capacity = 1000) {
  const messages: Message[] = []
  const listeners = new Set<(message: Message) => void>()
  return {
    add(raw: { from: string; to: string[]; data: string; helo: string }): Message {
      const { headers, body } = parseMessage(raw.data)
      const id = `${crypto.randomUUID()}@shopfront.inbox`
      // what MailHog adds on receipt: an id if the message has none, its Received line and the Return-Path
      headers['Message-ID'] ??= [id]
      headers.Received = [
        ...(headers.Received ?? []),
        `from ${raw.helo} by shopfront.inbox (Shopfront inbox) id ${id}; ${new Date().toUTCString()}`,
      ]
      headers['Return-Path'] ??= [`<${raw.from}>`]
      const message: Message = {
        ID: id,
        From: toPath(raw.from),
        To: raw.to.map(toPath),
        Content: { Headers: headers, Body: body, Size: Buffer.byteLength(raw.data), MIME: null },
        Created: new Date().toISOString(),
        MIME: mimeOf(headers, body),
        Raw: { From: raw.from, To: raw.to, Data: raw.data, Helo: raw.helo },
      }
      messages.unshift(message)
      if (messages.length > capacity) messages.length = capacity
      for (const listener of listeners) listener(message)
      return message
    },
    all: () => messages,
    get: (id: string) => messages.find((m) => m.ID === id),
    delete(id: string): boolean {
      const i = messages.findIndex((m) => m.ID === id)
      if (i >= 0) messages.splice(i, 1)
      return i >= 0
    },
    clear: () => {
      messages.splice(0)
    },
    /** Calls `listener` with every message added from now on; the answer unsubscribes. */
    subscribe(listener: (message: Message) => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}

export type MessageStore = ReturnType<typeof createMessageStore>
