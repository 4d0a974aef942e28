-- Deleted accounts whose copies at the neighbours (cart lines, sales' remembered contact) are still to go.
ALTER TABLE "users" ADD COLUMN "forget_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "users_forget_idx" ON "users" USING btree ("forget_at") WHERE "users"."forget_at" IS NOT NULL;
