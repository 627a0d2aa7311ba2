ALTER TYPE "public"."notification_kind" ADD VALUE 'updated';--> statement-breakpoint
DROP INDEX "notifications_once_key";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_once_key" ON "notifications" USING btree ("reservation_id","kind","revision");--> statement-breakpoint
-- Invariant 1, with changes in place: a change's hold (replaces_id = the original) may overlap its own
-- original on one table, since at most one of them ends up a booking; anything else still may not.
ALTER TABLE "reservations" DROP CONSTRAINT "reservations_no_overlap";
--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_no_overlap"
  EXCLUDE USING gist ("table_id" WITH =, "period" WITH &&, (coalesce("replaces_id", "id")) WITH <>)
  WHERE ("status" IN ('held', 'confirmed', 'seated'));
