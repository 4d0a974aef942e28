CREATE TABLE "stock_returns" (
	"order_id" text NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_returns_pkey" PRIMARY KEY("order_id","key")
);
--> statement-breakpoint
ALTER TABLE "reservation_lines" ADD COLUMN "returned" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_returns" ADD CONSTRAINT "stock_returns_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "public"."reservations"("order_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation_lines" ADD CONSTRAINT "reservation_lines_returned_check" CHECK ("reservation_lines"."returned" BETWEEN 0 AND "reservation_lines"."quantity");--> statement-breakpoint
-- an order returned whole before this came back whole, line by line
UPDATE "reservation_lines" SET "returned" = "quantity" WHERE "order_id" IN (SELECT "order_id" FROM "reservations" WHERE "status" = 'returned');
