ALTER TABLE "tickets" ADD COLUMN "approval_by" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "approval_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tickets_approvals_idx" ON "tickets" USING btree ("approval_since") WHERE "tickets"."approval_since" IS NOT NULL;