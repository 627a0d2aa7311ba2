-- Invariant: a section's unexpired holds plus confirmed (seated, completed, no-show) seats never exceed
-- its capacity. Every write that makes a seat booking count (a hold, a confirm, an extend, a payment
-- confirming a lapsed hold) locks the section row and counts the others by the wall clock, so writers
-- on one section go one at a time and a hold stops counting the instant it lapses, with no job.
-- A violation arrives as SQLSTATE 23514 naming "reservations_section_capacity".
CREATE OR REPLACE FUNCTION reservation_seats_counted(status reservation_status, hold_expires_at timestamptz, at timestamptz)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('confirmed', 'seated', 'completed', 'no_show') OR (status = 'held' AND hold_expires_at > at)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION reservations_section_capacity_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer;
  taken integer;
  at timestamptz;
BEGIN
  -- A row that stops counting (cancelled, expired, lapsed) never needs the lock: a lapsed hold
  -- cannot count again later, so this early answer stays true.
  IF NEW.section_id IS NULL OR NOT reservation_seats_counted(NEW.status, NEW.hold_expires_at, clock_timestamp()) THEN
    RETURN NEW;
  END IF;
  SELECT capacity INTO cap FROM experience_sections WHERE id = NEW.section_id FOR UPDATE;
  -- The clock is read after the lock: whoever held it before us has committed by now, and judged
  -- the holds by an earlier clock than ours.
  at := clock_timestamp();
  IF NOT reservation_seats_counted(NEW.status, NEW.hold_expires_at, at) THEN
    RETURN NEW;
  END IF;
  SELECT coalesce(sum(party_size), 0) INTO taken FROM reservations
    WHERE section_id = NEW.section_id AND id <> NEW.id AND reservation_seats_counted(status, hold_expires_at, at);
  IF taken + NEW.party_size > cap THEN
    RAISE EXCEPTION 'only % of % seats left in this section', greatest(cap - taken, 0), cap
      USING ERRCODE = 'check_violation', CONSTRAINT = 'reservations_section_capacity', DETAIL = (cap - taken)::text;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER reservations_section_capacity
  BEFORE INSERT OR UPDATE OF status, hold_expires_at, party_size, section_id ON reservations
  FOR EACH ROW WHEN (NEW.section_id IS NOT NULL)
  EXECUTE FUNCTION reservations_section_capacity_guard();
--> statement-breakpoint
-- Lowering a capacity below the seats taken is refused with the number taken (in DETAIL).
CREATE OR REPLACE FUNCTION experience_sections_capacity_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  taken integer;
BEGIN
  IF NEW.capacity >= OLD.capacity THEN
    RETURN NEW;
  END IF;
  SELECT coalesce(sum(party_size), 0) INTO taken FROM reservations
    WHERE section_id = NEW.id AND reservation_seats_counted(status, hold_expires_at, clock_timestamp());
  IF NEW.capacity < taken THEN
    RAISE EXCEPTION '% seats are taken in this section', taken
      USING ERRCODE = 'check_violation', CONSTRAINT = 'experience_sections_capacity_taken', DETAIL = taken::text;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER experience_sections_capacity_taken
  BEFORE UPDATE OF capacity ON experience_sections
  FOR EACH ROW EXECUTE FUNCTION experience_sections_capacity_guard();
