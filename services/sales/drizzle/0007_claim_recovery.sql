ALTER TABLE "orders" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "claim_note" text;--> statement-breakpoint
CREATE INDEX "orders_claims_idx" ON "orders" USING btree ("claimed_until") WHERE "orders"."claimed_for" IS NOT NULL;