import { sql } from 'drizzle-orm'
import { bigserial, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { jsonb, timestamptz } from '../db-columns.ts'

/**
 * The transactional mail outbox (made by outbox.sql, beside a service's own migrations;
 * `schemaDrift(schema, folder, { mailOutbox: true })` holds the two to each other).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: text('message_id').notNull().unique('mail_outbox_message_id_key'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    headers: jsonb<Record<string, string>>('headers').notNull().default({}),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    sentAt: timestamptz('sent_at'),
  },
  (t) => [
    check('mail_outbox_status_check', sql`${t.status} IN ('pending', 'sent', 'dead')`),
    index('mail_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // the backlog's count (every second) reads only what is not sent
    index('mail_outbox_unsent_idx').on(t.status).where(sql`${t.status} <> 'sent'`),
    // the sent mails that still have their bodies, for forgetSentBodies
    index('mail_outbox_kept_bodies_idx').on(t.sentAt).where(sql`${t.status} = 'sent' AND ${t.textBody} <> ''`),
  ],
)
