-- A submission writes its audit event and outbox rows before the request itself, so that the
-- reference number (request_numbers, a row lock held until commit) is taken by the last statement:
-- concurrent submissions then wait for one another for a commit, not for a whole transaction.
-- The references are checked at commit instead of per statement.
ALTER TABLE "request_events" ALTER CONSTRAINT "request_events_request_id_requests_id_fk" DEFERRABLE INITIALLY DEFERRED;--> statement-breakpoint
ALTER TABLE "outbox" ALTER CONSTRAINT "outbox_request_id_requests_id_fk" DEFERRABLE INITIALLY DEFERRED;
