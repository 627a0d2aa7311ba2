ALTER TABLE "restaurants" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "restaurants" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "restaurants" ADD COLUMN "menu_url" text;--> statement-breakpoint
ALTER TABLE "restaurants" ADD COLUMN "photos" jsonb DEFAULT '[]'::jsonb NOT NULL;