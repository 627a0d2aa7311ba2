ALTER TABLE "idempotency_keys" ADD COLUMN "resource_id" uuid;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "resource_secret" text;