-- failed sign-ins per client address, in fixed windows: an address that fails too often is locked out for a while
CREATE TABLE "login_failures" (
  "ip" text PRIMARY KEY,
  "failures" integer NOT NULL,
  "window_start" timestamptz NOT NULL
);
