-- An account its owner deleted: its personal data is gone, its id stays (orders and tickets name it).
ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp with time zone;
