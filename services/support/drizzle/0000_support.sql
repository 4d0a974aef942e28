CREATE SEQUENCE "ticket_number_seq" START 1001;
--> statement-breakpoint
CREATE TABLE "tickets" (
  "id" uuid PRIMARY KEY,
  "number" text NOT NULL UNIQUE,
  "user_id" text NOT NULL,
  "customer_email" text NOT NULL,
  "customer_name" text NOT NULL,
  "type" text NOT NULL CHECK ("type" IN ('inquiry', 'return', 'complaint', 'feedback')),
  "subject" text NOT NULL,
  "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'in_progress', 'resolved', 'closed')),
  "priority" text NOT NULL CHECK ("priority" IN ('low', 'normal', 'high', 'urgent')),
  "assignee_id" text,
  "order_id" uuid,
  "order_number" text,
  "resolution" text,
  "first_response_due_at" timestamptz NOT NULL,
  "first_responded_at" timestamptz,
  "rating_score" integer CHECK ("rating_score" BETWEEN 1 AND 5),
  "rating_comment" text,
  "rated_at" timestamptz,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "tickets_user_idx" ON "tickets" ("user_id", "created_at" DESC);
--> statement-breakpoint
CREATE INDEX "tickets_queue_idx" ON "tickets" ("status", "created_at");
--> statement-breakpoint
CREATE INDEX "tickets_overdue_idx" ON "tickets" ("first_response_due_at") WHERE "first_responded_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "ticket_messages" (
  "id" bigserial PRIMARY KEY,
  "ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
  "author_id" text NOT NULL,
  "author_role" text NOT NULL CHECK ("author_role" IN ('customer', 'agent')),
  "body" text NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "ticket_messages_ticket_idx" ON "ticket_messages" ("ticket_id", "id");
--> statement-breakpoint
CREATE TABLE "ticket_events" (
  "id" bigserial PRIMARY KEY,
  "ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "detail" text,
  "actor" text NOT NULL,
  "at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" ("ticket_id", "id");
