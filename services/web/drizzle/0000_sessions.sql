-- The shop's sessions. The browser holds only a random session id (httpOnly cookie); the
-- row is found by its SHA-256, so a copy of this table opens no session. A guest session
-- has a guest id (its guest cart at the cart service) and no user; signing in fills the
-- user's fields and tokens, which never leave the server.
CREATE TABLE "sessions" (
  "id_hash" text PRIMARY KEY,
  "guest_id" uuid NOT NULL,
  "user_id" uuid,
  "email" text,
  "name" text,
  "roles" text[] NOT NULL DEFAULT '{}',
  "access_token" text,
  "refresh_token" text,
  "access_expires_at" timestamptz,
  "cart_count" integer NOT NULL DEFAULT 0,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "seen_at" timestamptz NOT NULL DEFAULT now(),
  "expires_at" timestamptz NOT NULL
);
CREATE INDEX "sessions_expires_at" ON "sessions" ("expires_at");
