CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is only STABLE; search vectors need an IMMUTABLE wrapper with the dictionary pinned
CREATE OR REPLACE FUNCTION catalog_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION catalog_attribute_text(jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(string_agg(value, ' '), '') FROM jsonb_each_text($1) $$;
--> statement-breakpoint
CREATE TABLE "categories" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "slug" text NOT NULL UNIQUE,
  "name" text NOT NULL,
  "parent_id" uuid REFERENCES "categories"("id") ON DELETE RESTRICT,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "products" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "sku" text NOT NULL UNIQUE,
  "name" text NOT NULL,
  "description" text NOT NULL DEFAULT '',
  "price_amount" integer NOT NULL CHECK ("price_amount" >= 0),
  "currency" char(3) NOT NULL DEFAULT 'USD',
  "images" jsonb NOT NULL DEFAULT '[]',
  "attributes" jsonb NOT NULL DEFAULT '{}',
  "category_id" uuid REFERENCES "categories"("id") ON DELETE RESTRICT,
  "active" boolean NOT NULL DEFAULT true,
  "on_hand" integer NOT NULL DEFAULT 0 CHECK ("on_hand" >= 0),
  "reserved" integer NOT NULL DEFAULT 0 CHECK ("reserved" >= 0 AND "reserved" <= "on_hand"),
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', catalog_unaccent("name")), 'A') ||
    setweight(to_tsvector('english', catalog_unaccent("description")), 'B') ||
    setweight(to_tsvector('english', catalog_unaccent(catalog_attribute_text("attributes"))), 'C')
  ) STORED
);
--> statement-breakpoint
-- fastupdate off: a catalog is read far more than written, and a pending list makes every search slow
CREATE INDEX "products_search_idx" ON "products" USING gin ("search") WITH (fastupdate = off);
--> statement-breakpoint
-- browsing a category in price or date order reads a page off an index, and counts from one
CREATE INDEX "products_category_price_idx" ON "products" ("category_id", "price_amount") WHERE "active";
--> statement-breakpoint
CREATE INDEX "products_category_created_idx" ON "products" ("category_id", "created_at" DESC) WHERE "active";
--> statement-breakpoint
CREATE INDEX "products_price_idx" ON "products" ("price_amount") WHERE "active";
--> statement-breakpoint
CREATE INDEX "products_created_idx" ON "products" ("created_at" DESC) WHERE "active";
--> statement-breakpoint
CREATE INDEX "products_attributes_idx" ON "products" USING gin ("attributes" jsonb_path_ops);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
  "id" bigserial PRIMARY KEY,
  "product_id" uuid NOT NULL REFERENCES "products"("id"),
  "delta" integer NOT NULL,
  "reason" text NOT NULL,
  "actor" text NOT NULL,
  "on_hand_after" integer NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "stock_movements_product_idx" ON "stock_movements" ("product_id", "id" DESC);
--> statement-breakpoint
CREATE TABLE "reservations" (
  "order_id" text PRIMARY KEY,
  "status" text NOT NULL CHECK ("status" IN ('reserved', 'committed', 'released', 'expired')),
  "expires_at" timestamptz NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "reservations_expiry_idx" ON "reservations" ("expires_at") WHERE "status" = 'reserved';
--> statement-breakpoint
CREATE TABLE "reservation_lines" (
  "order_id" text NOT NULL REFERENCES "reservations"("order_id") ON DELETE CASCADE,
  "product_id" uuid NOT NULL REFERENCES "products"("id"),
  "quantity" integer NOT NULL CHECK ("quantity" > 0),
  PRIMARY KEY ("order_id", "product_id")
);
--> statement-breakpoint
-- seed data applied once (the demo catalog), so deleting it does not bring it back
CREATE TABLE "catalog_seeds" (
  "name" text PRIMARY KEY,
  "applied_at" timestamptz NOT NULL DEFAULT now()
);
