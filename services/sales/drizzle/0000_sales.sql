CREATE SEQUENCE "order_number_seq" START 1001;
--> statement-breakpoint
CREATE TABLE "orders" (
  "id" uuid PRIMARY KEY,
  "number" text NOT NULL UNIQUE,
  "user_id" text NOT NULL,
  "email" text NOT NULL,
  "customer_name" text NOT NULL,
  "status" text NOT NULL CHECK ("status" IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded', 'failed')),
  -- how far the checkout saga got: each step is written before the next begins
  "step" text NOT NULL DEFAULT 'created' CHECK ("step" IN ('created', 'reserved', 'authorized', 'captured', 'committed', 'done')),
  "currency" char(3) NOT NULL,
  "subtotal" integer NOT NULL CHECK ("subtotal" >= 0),
  "discount" integer NOT NULL DEFAULT 0 CHECK ("discount" >= 0),
  "total" integer NOT NULL CHECK ("total" >= 0),
  "promotion_id" uuid,
  "promo_code" text,
  "shipping_address" jsonb NOT NULL,
  "payment_id" text,
  "payment_card" jsonb,
  "failure_code" text,
  "failure_reason" text,
  -- a failed order whose reservation or payment could not yet be undone; recovery retries
  "compensation_pending" boolean NOT NULL DEFAULT false,
  "cart_emptied" boolean NOT NULL DEFAULT false,
  "tracking_number" text,
  "idempotency_key" text NOT NULL,
  "request_hash" text NOT NULL,
  "lease_until" timestamptz NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  UNIQUE ("user_id", "idempotency_key")
);
--> statement-breakpoint
CREATE INDEX "orders_user_idx" ON "orders" ("user_id", "created_at" DESC);
--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" ("created_at" DESC);
--> statement-breakpoint
CREATE INDEX "orders_unfinished_idx" ON "orders" ("lease_until") WHERE "status" = 'pending' OR "compensation_pending" OR ("status" = 'paid' AND NOT "cart_emptied");
--> statement-breakpoint
CREATE TABLE "order_lines" (
  "order_id" uuid NOT NULL REFERENCES "orders"("id") ON DELETE CASCADE,
  "product_id" uuid NOT NULL,
  "sku" text NOT NULL,
  "name" text NOT NULL,
  "unit_price" integer NOT NULL CHECK ("unit_price" >= 0),
  "quantity" integer NOT NULL CHECK ("quantity" > 0),
  "line_total" integer NOT NULL,
  PRIMARY KEY ("order_id", "product_id")
);
--> statement-breakpoint
CREATE TABLE "order_events" (
  "id" bigserial PRIMARY KEY,
  "order_id" uuid NOT NULL REFERENCES "orders"("id") ON DELETE CASCADE,
  "status" text NOT NULL,
  "note" text,
  "actor" text NOT NULL,
  "at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" ("order_id", "id");
--> statement-breakpoint
CREATE TABLE "promotions" (
  "id" uuid PRIMARY KEY,
  "code" text NOT NULL UNIQUE,
  "kind" text NOT NULL CHECK ("kind" IN ('percent', 'amount')),
  "value" integer NOT NULL CHECK ("value" > 0),
  "min_order" integer NOT NULL DEFAULT 0,
  "starts_at" timestamptz,
  "ends_at" timestamptz,
  "max_redemptions" integer,
  "redemptions" integer NOT NULL DEFAULT 0,
  "active" boolean NOT NULL DEFAULT true,
  "subject" text NOT NULL,
  "body" text NOT NULL,
  "send_status" text NOT NULL DEFAULT 'draft' CHECK ("send_status" IN ('draft', 'sending', 'sent')),
  "send_page" integer NOT NULL DEFAULT 1,
  "recipients_total" integer,
  "queued_count" integer NOT NULL DEFAULT 0,
  "send_lease_until" timestamptz,
  "send_started_at" timestamptz,
  "send_finished_at" timestamptz,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  CHECK ("max_redemptions" IS NULL OR "redemptions" <= "max_redemptions")
);
--> statement-breakpoint
CREATE TABLE "promotion_redemptions" (
  "promotion_id" uuid NOT NULL REFERENCES "promotions"("id"),
  "user_id" text NOT NULL,
  "order_id" uuid NOT NULL UNIQUE,
  "at" timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("promotion_id", "user_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_recipients" (
  "promotion_id" uuid NOT NULL REFERENCES "promotions"("id"),
  "user_id" text NOT NULL,
  "email" text NOT NULL,
  "queued_at" timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("promotion_id", "user_id")
);
