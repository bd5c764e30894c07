-- Hand-edited after drizzle-kit generate: the partial unique index's predicate compares status with
-- text literals and cannot be rebuilt over an enum column, so it is dropped before the type changes
-- and created again after; locale's text default is dropped before its type changes and set again.
CREATE TYPE "public"."access_type" AS ENUM('fictitious_enterprise', 'customer_delegation');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('nb', 'en');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('submitted', 'altinn_done', 'fnr_registered', 'needs_info', 'completed', 'rejected', 'withdrawn');--> statement-breakpoint
DROP INDEX "requests_open_pair_channel_key";--> statement-breakpoint
ALTER TABLE "request_events" ALTER COLUMN "from_status" SET DATA TYPE "public"."request_status" USING "from_status"::"public"."request_status";--> statement-breakpoint
ALTER TABLE "request_events" ALTER COLUMN "to_status" SET DATA TYPE "public"."request_status" USING "to_status"::"public"."request_status";--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "status" SET DATA TYPE "public"."request_status" USING "status"::"public"."request_status";--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "paused_from" SET DATA TYPE "public"."request_status" USING "paused_from"::"public"."request_status";--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "access_type" SET DATA TYPE "public"."access_type" USING "access_type"::"public"."access_type";--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "locale" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "locale" SET DATA TYPE "public"."locale" USING "locale"::"public"."locale";--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "locale" SET DEFAULT 'nb'::"public"."locale";--> statement-breakpoint
CREATE UNIQUE INDEX "requests_open_pair_channel_key" ON "requests" USING btree ("vendor_org_number",coalesce("customer_org_number", ''),"channel_id") WHERE status in ('submitted', 'altinn_done', 'fnr_registered', 'needs_info');
