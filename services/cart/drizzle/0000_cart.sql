-- One cart per user: its lines. Each line keeps the last catalog data seen for its product,
-- so the cart can still be shown (marked stale) while the products service is down.
CREATE TABLE "cart_lines" (
  "user_id" text NOT NULL,
  "product_id" uuid NOT NULL,
  "quantity" integer NOT NULL CHECK ("quantity" > 0),
  "name" text NOT NULL,
  "unit_price" integer NOT NULL,
  "currency" char(3) NOT NULL,
  "available" integer NOT NULL,
  "active" boolean NOT NULL,
  "seen_at" timestamptz NOT NULL,
  "added_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("user_id", "product_id")
);
