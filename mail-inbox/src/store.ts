/** A message as MailHog's API returns it (its Go field names). */
export interface Message {
  ID: string
  From: Path
  To: Path[]
  Content: { Headers: Record<string, string[]>; Body: string; Size: number; MIME: null }
  Created: string
  MIME: null
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
    ;(headers[name] ??= []).push(line.slice(colon + 1).trim())
  }
  return { headers, body }
}

/**
 * The inbox: messages in memory, newest first, at most `capacity` (the oldest go first),
 * as MailHog keeps them by default.
 */
export function createMessageStore(capacity = 1000) {
  const messages: Message[] = []
  return {
    add(raw: { from: string; to: string[]; data: string; helo: string }): Message {
      const { headers, body } = parseMessage(raw.data)
      const message: Message = {
        ID: `${crypto.randomUUID()}@shopfront.inbox`,
        From: toPath(raw.from),
        To: raw.to.map(toPath),
        Content: { Headers: headers, Body: body, Size: Buffer.byteLength(raw.data), MIME: null },
        Created: new Date().toISOString(),
        MIME: null,
        Raw: { From: raw.from, To: raw.to, Data: raw.data, Helo: raw.helo },
      }
      messages.unshift(message)
      if (messages.length > capacity) messages.length = capacity
      return message
    },
    all: () => messages,
    get: (id: string) => messages.find((m) => m.ID === id),
    delete(id: string): boolean {
      const i = messages.findIndex((m) => m.ID === id)
      if (i >= 0) messages.splice(i, 1)
      return i >= 0
    },
    clear: () => void (messages.length = 0),
  }
}

export type MessageStore = ReturnType<typeof createMessageStore>
