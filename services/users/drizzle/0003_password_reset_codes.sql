-- codes e-mailed to reset a forgotten password: one live code per user, hashed, like verification codes
CREATE TABLE "password_reset_codes" (
  "user_id" uuid PRIMARY KEY REFERENCES "users"("id") ON DELETE CASCADE,
  "code_hash" text NOT NULL,
  "expires_at" timestamptz NOT NULL,
  "attempts" integer NOT NULL DEFAULT 0,
  "sent_at" timestamptz NOT NULL DEFAULT now(),
  "serial" integer NOT NULL DEFAULT 1
);
