-- Invariant 1: two blocking reservations on one table never overlap. The application checks first
-- for a good message; this constraint is the last word (violations arrive as SQLSTATE 23P01).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_no_overlap"
  EXCLUDE USING gist ("table_id" WITH =, "period" WITH &&)
  WHERE ("status" IN ('held', 'confirmed', 'seated'));
--> statement-breakpoint
-- Trigram search on names for fuzzy restaurant search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "restaurants_name_trgm_idx" ON "restaurants" USING gin ("name" gin_trgm_ops);
