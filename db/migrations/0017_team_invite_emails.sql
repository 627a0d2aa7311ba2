ALTER TYPE "public"."notification_kind" ADD VALUE 'invite';--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_subject_check";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "invite_id" uuid;--> statement-breakpoint
ALTER TABLE "restaurant_invites" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "restaurant_invites" ADD COLUMN "issued_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "restaurant_invites" SET "issued_at" = "created_at";--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_invite_id_restaurant_invites_id_fk" FOREIGN KEY ("invite_id") REFERENCES "public"."restaurant_invites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_invite_once_key" ON "notifications" USING btree ("invite_id","revision","channel") WHERE invite_id is not null;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subject_check" CHECK (num_nonnulls("notifications"."reservation_id", "notifications"."user_id", "notifications"."invite_id") = 1);