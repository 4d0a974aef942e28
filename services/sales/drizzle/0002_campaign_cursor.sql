-- Campaigns page the opted-in users by keyset (the last user id sent to), so an opt-out
-- in the middle of a campaign cannot shift a page and skip someone.
ALTER TABLE "promotions" ADD COLUMN "send_cursor" text;
