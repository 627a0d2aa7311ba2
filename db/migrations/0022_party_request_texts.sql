ALTER TYPE "public"."notification_kind" ADD VALUE 'party_request_received';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'party_request_accepted';