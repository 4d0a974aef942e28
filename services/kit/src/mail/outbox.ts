import nodemailer, { type Transporter } from 'nodemailer'
import type { Sql } from 'postgres'
import { Gauge } from 'prom-client'
import { repeatInBackground } from '../background.ts'
import type { Queryable } from '../db.ts'
import type { Logger } from '../logger.ts'
import { mailOutbox } from './outbox-table.ts'
import { type Metrics, outcomeCounter } from '../metrics.ts'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html?: string
  headers?: Record<string, string>
  /**
   * What makes this e-mail this e-mail (e.g. `verify:<user>:<code id>`): it becomes the
   * Message-ID, so queuing it twice stores it once and a receiver can tell a resend.
   */
  key: string
}

/**
 * Queues an e-mail in the same transaction as the change that causes it: committed
 * together or not at all. The dispatcher sends it later.
 *
 * @example
 *   await db.transaction(async (tx) => {
 *     await tx.update(users).set({ ... }).where(...)
 *     await enqueueMail(tx, { to, subject, text, key: `verify:${id}:${codeId}` }, 'users.shopfront.dev')
 *   })
 */
export async function enqueueMail(tx: Queryable, mail: OutgoingMail, domain: string) {
  const messageId = `<${mail.key.replace(/[^\w.:-]/g, '_')}@${domain}>`
  await tx
    .insert(mailOutbox)
    .values({
      messageId,
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      headers: mail.headers ?? {},
    })
    .onConflictDoNothing({ target: mailOutbox.messageId })
  return messageId
}

/**
 * Empties the text and HTML of up to `size` mails sent more than `keepDays` days ago,
 * oldest first; the rows stay (who got what and when, a campaign's delivery counts). How
 * many. A batch for the kit's `inBatches`.
 */
export async function forgetSentBodies(sql: Sql, keepDays: number, size: number): Promise<number> {
  const emptied = await sql`
    UPDATE mail_outbox SET text_body = '', html_body = NULL
    WHERE id IN (
      SELECT id FROM mail_outbox WHERE status = 'sent' AND text_body <> ''
        AND sent_at < now() - ${keepDays} * interval '1 day'
      ORDER BY sent_at LIMIT ${size})
    RETURNING id`
  return emptied.length
}

export interface SmtpSettings {
  host: string
  port: number
  secure?: boolean
  user?: string
  password?: string
}

/** A pooled nodemailer SMTP transport. */
export function smtpTransport({ host, port, secure = false, user, password }: SmtpSettings): Transporter {
  return nodemailer.createTransport({
    host,
    port,
    secure,
    pool: true,
    maxConnections: 2,
    ignoreTLS: !secure && port === 1025,
    auth: user ? { user, pass: password } : undefined,
    connectionTimeout: 5000,
    socketTimeout: 10_000,
  })
}

export interface DispatcherOptions {
  sql: Sql
  transport: Pick<Transporter, 'sendMail'>
  from: string
  logger?: Logger
  metrics?: Metrics
  pollMs?: number
  batch?: number
  maxAttempts?: number
  /** Delay before attempt n+1, in milliseconds. */
  backoffMs?: (attempt: number) => number
}

/**
 * Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * instances never send one message twice; a failure is retried with backoff and, after
 * `maxAttempts`, the message is dead-lettered (kept, status `dead`, with the last error).
 * SMTP down for a while: messages wait, and go out once when it is back.
 */
export function createMailDispatcher({
  sql,
  transport,
  from,
  logger,
  metrics,
  pollMs = 1000,
  batch = 20,
  maxAttempts = 8,
  backoffMs = (n) => Math.min(1000 * 2 ** n, 5 * 60_000),
}: DispatcherOptions) {
  const depth =
    metrics &&
    new Gauge({ name: 'mail_outbox_pending', help: 'E-mails waiting in the outbox', registers: [metrics.registry] })
  const outcomes = outcomeCounter(
    metrics,
    'mail_outbox_attempts_total',
    'Send attempts by outcome (sent, failed, dead)',
  )

  async function sendDue(): Promise<number> {
    let sent = 0
    await sql.begin(async (tx) => {
      const due = await tx`
        SELECT * FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`
      for (const row of due) {
        try {
          await transport.sendMail({
            from,
            to: row.to_address,
            subject: row.subject,
            text: row.text_body,
            html: row.html_body ?? undefined,
            headers: row.headers,
            messageId: row.message_id,
          })
          await tx`UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = null WHERE id = ${row.id}`
          outcomes?.inc({ outcome: 'sent' })
          sent++
        } catch (err) {
          const attempts = row.attempts + 1
          const dead = attempts >= maxAttempts
          await tx`
            UPDATE mail_outbox SET attempts = ${attempts}, last_error = ${(err as Error).message.slice(0, 500)},
              status = ${dead ? 'dead' : 'pending'}, next_attempt_at = now() + ${backoffMs(attempts)} * interval '1 millisecond'
            WHERE id = ${row.id}`
          outcomes?.inc({ outcome: dead ? 'dead' : 'failed' })
          logger?.[dead ? 'error' : 'warn'](dead ? 'e-mail dead-lettered' : 'e-mail not sent; will retry', {
            messageId: row.message_id,
            attempts,
            error: (err as Error).message,
          })
        }
      }
    })
    const [counts] = await sql<{ pending: number; dead: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'dead')::int AS dead
      FROM mail_outbox WHERE status <> 'sent'`
    backlog = { pending: counts?.pending ?? 0, dead: counts?.dead ?? 0 }
    depth?.set(backlog.pending)
    return sent
  }
  let backlog = { pending: 0, dead: 0 }

  const loop = repeatInBackground({ name: 'outbox dispatch', run: sendDue, intervalMs: () => pollMs, logger })
  return {
    /** Sends what is due now (tests, and a nudge right after queuing). */
    flush: async () => (await loop.runNow()) ?? 0,
    start: loop.start,
    stop: loop.stop,
    /** What waits in the outbox (pending) and what gave up (dead), as of the last round (every `pollMs`). */
    backlog: () => backlog,
  }
}
