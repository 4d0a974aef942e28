-- The transactional mail outbox, applied by migrateDatabase(db, folder, { mailOutbox: true }).
-- Idempotent: users' first migration made the same table before the kit applied it.
CREATE TABLE IF NOT EXISTS "mail_outbox" (
  "id" bigserial PRIMARY KEY,
  "message_id" text NOT NULL UNIQUE,
  "to_address" text NOT NULL,
  "subject" text NOT NULL,
  "text_body" text NOT NULL,
  "html_body" text,
  "headers" jsonb NOT NULL DEFAULT '{}',
  "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'sent', 'dead')),
  "attempts" integer NOT NULL DEFAULT 0,
  "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
  "last_error" text,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "sent_at" timestamptz
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mail_outbox_due_idx" ON "mail_outbox" ("next_attempt_at") WHERE "status" = 'pending';
--> statement-breakpoint
-- what waits or gave up, counted every second for the backlog: without it that count reads every mail ever sent
CREATE INDEX IF NOT EXISTS "mail_outbox_unsent_idx" ON "mail_outbox" ("status") WHERE "status" <> 'sent';
--> statement-breakpoint
-- the sent mails that still have their bodies, by when they went: what forgetSentBodies empties
CREATE INDEX IF NOT EXISTS "mail_outbox_kept_bodies_idx" ON "mail_outbox" ("sent_at") WHERE "status" = 'sent' AND "text_body" <> '';
