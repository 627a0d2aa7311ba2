ALTER TABLE "service_sessions" ADD COLUMN "deposit_cents" integer;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD COLUMN "deposit_min_party_size" integer;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD COLUMN "no_show_fee_cents" integer;