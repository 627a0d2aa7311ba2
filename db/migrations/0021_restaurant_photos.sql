CREATE TABLE "restaurant_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"restaurant_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"alt" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "restaurant_photos_content_type_check" CHECK ("restaurant_photos"."content_type" in ('image/jpeg', 'image/png', 'image/webp')),
	CONSTRAINT "restaurant_photos_alt_check" CHECK (length(btrim("restaurant_photos"."alt")) between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "restaurant_photos" ADD CONSTRAINT "restaurant_photos_restaurant_id_restaurants_id_fk" FOREIGN KEY ("restaurant_id") REFERENCES "public"."restaurants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "restaurant_photos_restaurant_position_idx" ON "restaurant_photos" USING btree ("restaurant_id","position");--> statement-breakpoint
ALTER TABLE "restaurants" DROP COLUMN "photos";