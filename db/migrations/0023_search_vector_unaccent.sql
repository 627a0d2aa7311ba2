-- Text search reads a stored, unaccented document instead of computing one for every matching row
-- (the expression index of 0005 only found the rows; ranking them recomputed it per row). The
-- generated column's expression cannot be altered in place: it is dropped (with its index) and added
-- again, then indexed again; the expression index it replaces goes.
ALTER TABLE "restaurants" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "restaurants" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', tk_unaccent(coalesce(name, '') || ' ' || coalesce(cuisine, '') || ' ' || coalesce(city, '') || ' ' || coalesce(description, '')))) STORED;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "restaurants_search_idx" ON "restaurants" USING gin ("search_vector");--> statement-breakpoint
DROP INDEX IF EXISTS "restaurants_search_unaccent_idx";
