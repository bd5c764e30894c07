ALTER TABLE "outbox" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "login_fnr_erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "requests_unpurged_idx" ON "requests" USING btree ("status") WHERE purged_at is null;