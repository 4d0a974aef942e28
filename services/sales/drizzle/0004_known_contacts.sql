CREATE TABLE "known_contacts" (
	"user_id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"shipping_address" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
