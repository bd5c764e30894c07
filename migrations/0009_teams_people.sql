CREATE TABLE "teams_people" (
	"aad_object_id" text PRIMARY KEY NOT NULL,
	"teams_user_id" text NOT NULL,
	"name" text NOT NULL,
	"tenant_id" text NOT NULL,
	"personal_conversation_id" text,
	"locale" "locale" DEFAULT 'nb' NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
