ALTER TABLE "users" ADD COLUMN "access_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "access_revoked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "users_access_revoked_idx" ON "users" USING btree ("access_revoked_at") WHERE "users"."access_revoked_at" IS NOT NULL;