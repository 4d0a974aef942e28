-- Free-delivery promotions (kind shipping): they take no value (0); the others at least 1.
ALTER TABLE "promotions" DROP CONSTRAINT "promotions_kind_check";--> statement-breakpoint
ALTER TABLE "promotions" DROP CONSTRAINT "promotions_value_check";--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_kind_check" CHECK ("promotions"."kind" IN ('percent', 'amount', 'shipping'));--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_value_check" CHECK (("promotions"."kind" = 'shipping') = ("promotions"."value" = 0) AND "promotions"."value" >= 0);