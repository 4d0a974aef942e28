ALTER TABLE "order_refunds" ADD COLUMN "actor" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "attempted_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "order_refunds_unfinished_idx" ON "order_refunds" USING btree ("attempted_at") WHERE NOT "order_refunds"."done";--> statement-breakpoint
-- refunds begun before this last began to move when they were written
UPDATE "order_refunds" SET "attempted_at" = "created_at";
