CREATE TABLE "order_refunds" (
	"order_id" uuid NOT NULL,
	"key" text NOT NULL,
	"amount" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_refunds_pkey" PRIMARY KEY("order_id","key"),
	CONSTRAINT "order_refunds_amount_check" CHECK ("order_refunds"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "returned" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "refunded" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_returned_check" CHECK ("order_lines"."returned" BETWEEN 0 AND "order_lines"."quantity");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_refunded_check" CHECK ("orders"."refunded" BETWEEN 0 AND "orders"."total");--> statement-breakpoint
-- orders cancelled or refunded before this gave all their money back, and a refunded one all its items
UPDATE "orders" SET "refunded" = "total" WHERE "status" IN ('cancelled', 'refunded');--> statement-breakpoint
UPDATE "order_lines" SET "returned" = "quantity" WHERE "order_id" IN (SELECT "id" FROM "orders" WHERE "status" = 'refunded');
