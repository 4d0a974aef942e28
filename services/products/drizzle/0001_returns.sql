-- Committed stock that comes back (a cancelled or returned order): the reservation is `returned`.
ALTER TABLE "reservations" DROP CONSTRAINT IF EXISTS "reservations_status_check";
--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_status_check" CHECK ("status" IN ('reserved', 'committed', 'released', 'expired', 'returned'));
