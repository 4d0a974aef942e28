-- The keyed digests of deleted accounts' addresses: an import of an old customer list passes them over.
CREATE TABLE "erased_addresses" (
	"digest" text PRIMARY KEY NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL
);
