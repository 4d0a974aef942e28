-- failed sign-ins per account and per client address, in fixed windows (when Redis is not configured)
CREATE TABLE "login_failures" (
  "key" text PRIMARY KEY,
  "failures" integer NOT NULL,
  "window_start" timestamptz NOT NULL,
  "locked_until" timestamptz
);
