-- Search ignores accents: "kowhai" finds "Kōwhai Kitchen". unaccent() is only STABLE (its rules file
-- could change), so index expressions go through an IMMUTABLE wrapper that names its dictionary.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tk_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "restaurants_search_unaccent_idx" ON "restaurants" USING gin (
  to_tsvector('simple', tk_unaccent(coalesce(name, '') || ' ' || coalesce(cuisine, '') || ' ' || coalesce(city, '') || ' ' || coalesce(description, '')))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "restaurants_name_unaccent_trgm_idx" ON "restaurants" USING gin (tk_unaccent(name) gin_trgm_ops);
