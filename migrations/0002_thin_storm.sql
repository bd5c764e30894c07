ALTER TABLE "requests" ADD COLUMN "triage_permalink" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "last_vendor_reply" text;