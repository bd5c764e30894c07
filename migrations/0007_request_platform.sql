-- Where each request came from: every request so far came from Slack.
CREATE TYPE "public"."platform" AS ENUM('slack', 'teams');--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "platform" "platform" DEFAULT 'slack' NOT NULL;