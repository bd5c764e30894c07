CREATE TABLE "request_numbers" (
	"one" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "request_numbers_one_row" CHECK ("request_numbers"."one")
);
--> statement-breakpoint
-- Carries on from the numbers given so far.
INSERT INTO "request_numbers" ("one", "last") SELECT true, coalesce(max("number"), 0) FROM "requests";--> statement-breakpoint
-- The next reference number, counted in the caller's transaction: rolled back with it, so no gaps.
CREATE FUNCTION next_request_number() RETURNS integer LANGUAGE sql VOLATILE AS $$
  UPDATE request_numbers SET last = last + 1 RETURNING last
$$;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "number" DROP IDENTITY;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "number" SET DEFAULT next_request_number();
