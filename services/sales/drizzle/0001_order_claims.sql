-- A cancellation or refund claims its order under the row lock before any money or stock
-- moves, so staff cannot ship it meanwhile; the claim lapses if its process dies.
ALTER TABLE "orders" ADD COLUMN "claimed_for" text CHECK ("claimed_for" IN ('cancelled', 'refunded'));
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "claimed_until" timestamptz;
