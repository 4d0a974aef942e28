CREATE TABLE "users" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "email" text NOT NULL UNIQUE,
  "password_hash" text NOT NULL,
  "name" text NOT NULL,
  "phone" text,
  "shipping_address" jsonb,
  "marketing_opt_in" boolean NOT NULL DEFAULT false,
  "roles" text[] NOT NULL DEFAULT '{customer}',
  "disabled" boolean NOT NULL DEFAULT false,
  "email_verified_at" timestamptz,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "verification_codes" (
  "user_id" uuid PRIMARY KEY REFERENCES "users"("id") ON DELETE CASCADE,
  "code_hash" text NOT NULL,
  "expires_at" timestamptz NOT NULL,
  "attempts" integer NOT NULL DEFAULT 0,
  "sent_at" timestamptz NOT NULL DEFAULT now(),
  "serial" integer NOT NULL DEFAULT 1
);
--> statement-breakpoint
-- signing keys: the public half as a JWK, the private half encrypted with the key-encryption key from settings
CREATE TABLE "signing_keys" (
  "kid" text PRIMARY KEY,
  "public_jwk" jsonb NOT NULL,
  "private_jwk_encrypted" text NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- refresh tokens are stored hashed; a family is one login's chain of rotations
CREATE TABLE "refresh_tokens" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "family_id" uuid NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "token_hash" text NOT NULL UNIQUE,
  "expires_at" timestamptz NOT NULL,
  "used_at" timestamptz,
  "revoked_at" timestamptz,
  "created_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" ("family_id");
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
  "id" bigserial PRIMARY KEY,
  "message_id" text NOT NULL UNIQUE,
  "to_address" text NOT NULL,
  "subject" text NOT NULL,
  "text_body" text NOT NULL,
  "html_body" text,
  "headers" jsonb NOT NULL DEFAULT '{}',
  "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'sent', 'dead')),
  "attempts" integer NOT NULL DEFAULT 0,
  "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
  "last_error" text,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "sent_at" timestamptz
);
--> statement-breakpoint
CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" ("next_attempt_at") WHERE "status" = 'pending';
