DROP INDEX "requests_open_pair_key";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "login_fnr_erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "feedback" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "feedback_comment" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "feedback_user_id" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "feedback_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "requests_open_pair_channel_key" ON "requests" USING btree ("vendor_org_number",coalesce("customer_org_number", ''),"channel_id") WHERE status in ('submitted', 'altinn_done', 'fnr_registered', 'needs_info');--> statement-breakpoint
CREATE INDEX "requests_unpurged_idx" ON "requests" USING btree ("status") WHERE purged_at is null;--> statement-breakpoint
CREATE INDEX "requests_channel_created_idx" ON "requests" USING btree ("channel_id","created_at");