CREATE TABLE "pictures" (
	"id" char(64) PRIMARY KEY NOT NULL,
	"large" "bytea" NOT NULL,
	"small" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pictures_id_check" CHECK ("pictures"."id" ~ '^[0-9a-f]{64}$')
);
