-- The fuzzy name match and its ranking read a stored unaccented name instead of unaccenting every
-- restaurant's name per search; its trigram index replaces the expression index of 0005.
ALTER TABLE "restaurants" ADD COLUMN "search_name" text GENERATED ALWAYS AS (tk_unaccent(name)) STORED;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "restaurants_search_name_trgm_idx" ON "restaurants" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
DROP INDEX IF EXISTS "restaurants_name_unaccent_trgm_idx";
