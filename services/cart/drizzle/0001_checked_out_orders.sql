-- The orders whose bought lines have left their carts: sales may tell the cart more than
-- once (recovery retries), and each order's quantities must come off only once.
CREATE TABLE "checked_out_orders" (
  "order_id" uuid PRIMARY KEY,
  "user_id" text NOT NULL,
  "at" timestamptz NOT NULL DEFAULT now()
);
