-- The requester's readable name for the other platform's card (purged with the personal data), and the
-- Bot Connector URL a Teams request was filed through (proactive posts go there).
ALTER TABLE "requests" ADD COLUMN "requester_name" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "service_url" text;