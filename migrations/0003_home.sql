CREATE TABLE "home_viewers" (
	"user_id" text PRIMARY KEY NOT NULL,
	"is_staff" boolean NOT NULL,
	"locale" "locale" DEFAULT 'nb' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "triage_permalink" text;