CREATE TABLE "experience_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"experience_id" uuid NOT NULL,
	"name" text NOT NULL,
	"capacity" integer NOT NULL,
	"price_cents" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experience_sections_capacity_check" CHECK ("experience_sections"."capacity" between 0 and 10000),
	CONSTRAINT "experience_sections_price_check" CHECK ("experience_sections"."price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "experiences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"restaurant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"service_date" date NOT NULL,
	"currency" text NOT NULL,
	"max_seats_per_booking" integer DEFAULT 8 NOT NULL,
	"closes_regular_service" boolean DEFAULT false NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiences_times_check" CHECK ("experiences"."ends_at" > "experiences"."starts_at"),
	CONSTRAINT "experiences_currency_check" CHECK ("experiences"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "experiences_max_seats_check" CHECK ("experiences"."max_seats_per_booking" between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "reservations" ALTER COLUMN "table_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "experience_id" uuid;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "section_id" uuid;--> statement-breakpoint
ALTER TABLE "experience_sections" ADD CONSTRAINT "experience_sections_experience_id_experiences_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experiences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiences" ADD CONSTRAINT "experiences_restaurant_id_restaurants_id_fk" FOREIGN KEY ("restaurant_id") REFERENCES "public"."restaurants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experience_sections_experience_idx" ON "experience_sections" USING btree ("experience_id","position");--> statement-breakpoint
CREATE INDEX "experiences_restaurant_starts_idx" ON "experiences" USING btree ("restaurant_id","starts_at");--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_experience_id_experiences_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experiences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_section_id_experience_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."experience_sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservations_section_idx" ON "reservations" USING btree ("section_id") WHERE section_id is not null;--> statement-breakpoint
CREATE INDEX "reservations_experience_idx" ON "reservations" USING btree ("experience_id") WHERE experience_id is not null;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_table_or_seats_check" CHECK (("reservations"."section_id" is null) = ("reservations"."experience_id" is null) and ("reservations"."table_id" is null) <> ("reservations"."section_id" is null));