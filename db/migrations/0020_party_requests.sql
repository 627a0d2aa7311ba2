CREATE TYPE "public"."party_request_status" AS ENUM('pending', 'accepted', 'declined');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'party_request';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'party_request_declined';--> statement-breakpoint
CREATE TABLE "party_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"restaurant_id" uuid NOT NULL,
	"service_date" date NOT NULL,
	"local_time" time NOT NULL,
	"party_size" integer NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"notes" text,
	"user_id" uuid,
	"client_address" text,
	"status" "party_request_status" DEFAULT 'pending' NOT NULL,
	"reservation_id" uuid,
	"decline_message" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_requests_contact_check" CHECK ("party_requests"."email" is not null or "party_requests"."phone" is not null),
	CONSTRAINT "party_requests_party_check" CHECK ("party_requests"."party_size" >= 1)
);
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_subject_check";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "party_request_id" uuid;--> statement-breakpoint
ALTER TABLE "party_requests" ADD CONSTRAINT "party_requests_restaurant_id_restaurants_id_fk" FOREIGN KEY ("restaurant_id") REFERENCES "public"."restaurants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_requests" ADD CONSTRAINT "party_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_requests" ADD CONSTRAINT "party_requests_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_requests" ADD CONSTRAINT "party_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "party_requests_day_idx" ON "party_requests" USING btree ("restaurant_id","service_date");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_party_request_id_party_requests_id_fk" FOREIGN KEY ("party_request_id") REFERENCES "public"."party_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_party_request_once_key" ON "notifications" USING btree ("party_request_id","kind","revision","channel") WHERE party_request_id is not null;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subject_check" CHECK (num_nonnulls("notifications"."reservation_id", "notifications"."user_id", "notifications"."invite_id", "notifications"."party_request_id") = 1);