-- A failed checkout keeps the cart line products refused (its id and counts), so its
-- answer and the order can say which line and how many there are.
ALTER TABLE "orders" ADD COLUMN "failed_line" jsonb;
