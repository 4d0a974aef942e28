-- Sign-in failures now slow down the pair that failed (account and address) rather than
-- lock anyone out: each key keeps its count and its last failure. The counters are
-- short-lived, so the old ones are simply dropped.
DELETE FROM "login_failures";
--> statement-breakpoint
ALTER TABLE "login_failures" RENAME COLUMN "locked_until" TO "last_failure_at";
--> statement-breakpoint
ALTER TABLE "login_failures" ALTER COLUMN "last_failure_at" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "login_failures" DROP COLUMN "window_start";
