ALTER TABLE "requests" ADD COLUMN "feedback" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "feedback_comment" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "feedback_user_id" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "feedback_at" timestamp with time zone;