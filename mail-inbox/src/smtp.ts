import { SMTPServer } from 'smtp-server'
import type { MessageStore } from './store.ts'

/**
 * The inbox's SMTP side: accepts any sender and recipient without authentication or TLS,
 * as MailHog does, and keeps every message it is given.
 */
export function startSmtp(
  store: MessageStore,
  { port, hostname = '127.0.0.1', maxBytes = 10 * 1024 * 1024 }: { port: number; hostname?: string; maxBytes?: number },
) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: maxBytes,
    logger: false,
    // on close, connections still open (a client's pool) are dropped after this long rather than 30 s
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
          return callback(Object.assign(new Error('Message too large'), { responseCode: 552 }))
        store.add({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
          helo: session.hostNameAppearsAs ?? '',
        })
        callback()
      })
    },
  })
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => {
      const address = server.server.address()
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise((r) => server.close(() => r())),
      })
    })
  })
}
