-- The order a movement of stock came from (sold, returned) as a column of its own; the
-- movements made before it read it from their reason ("order <id>", "return of order <id>").
ALTER TABLE "stock_movements" ADD COLUMN "order_id" text;
--> statement-breakpoint
UPDATE "stock_movements" SET "order_id" = substring("reason" from '^(?:return of )?order (.+)$') WHERE "actor" = 'sales';
