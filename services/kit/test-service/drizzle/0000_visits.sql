CREATE TABLE IF NOT EXISTS "visits" ("id" integer PRIMARY KEY, "count" bigint NOT NULL DEFAULT 0);
--> statement-breakpoint
INSERT INTO "visits" ("id", "count") VALUES (1, 0) ON CONFLICT DO NOTHING;
