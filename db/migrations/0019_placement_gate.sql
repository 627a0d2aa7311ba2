-- Everything a table placement checks before its insert, inside the insert's own statement, so a hold
-- is one round trip: the table and service day's lock (not waited for: false means someone else is
-- placing there), then the named advisory locks in order (waited for, up to lock_timeout), then the
-- limits, each counted after its lock so it sees every hold committed before it:
--   - release_restaurant: the holder's earlier table holds there are released (one hold per person);
--   - holder_limit: the holder's active holds;
--   - anon_seating / anon_service: holds by diners without an account at this seating and service;
--   - max_covers: covers starting at this instant (pacing spans tables, so no constraint can).
-- A limit reached raises P0001 naming the limit as its constraint (DETAIL: seconds until the first
-- anonymous hold lapses), which undoes the release. Then holds on this table that overlap the time
-- and have lapsed by the database clock are marked expired, so the insert is judged against live
-- rows only. The exclusion constraint stays the last word on overlaps.
CREATE OR REPLACE FUNCTION reservation_placement_gate(
  table_lock text,
  lock_timeout text,
  locks text[],
  restaurant uuid,
  table_id uuid,
  service_date date,
  session_id uuid,
  starts_at timestamptz,
  ends_at timestamptz,
  party_size integer,
  holder_key text,
  release_restaurant uuid,
  holder_limit integer,
  anon_seating integer,
  anon_service integer,
  max_covers integer,
  changing uuid,
  expire_lapsed boolean
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  lock_name text;
  n integer;
  at_seating integer;
  in_service integer;
  first_lapse integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended(table_lock, 0)) THEN
    RETURN false;
  END IF;
  PERFORM set_config('lock_timeout', lock_timeout, true);
  FOREACH lock_name IN ARRAY coalesce(locks, '{}') LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(lock_name, 0));
  END LOOP;
  IF release_restaurant IS NOT NULL THEN
    UPDATE reservations r SET status = 'cancelled', cancelled_at = now(), version = r.version + 1, updated_at = now()
      WHERE r.restaurant_id = release_restaurant AND r.holder_key = reservation_placement_gate.holder_key
        AND r.status = 'held' AND r.table_id IS NOT NULL;
  END IF;
  IF holder_limit IS NOT NULL THEN
    SELECT count(*) INTO n FROM reservations r
      WHERE r.holder_key = reservation_placement_gate.holder_key AND r.status = 'held' AND r.hold_expires_at > now();
    IF n >= holder_limit THEN
      RAISE EXCEPTION 'holder has % active holds', n USING CONSTRAINT = 'placement_holder_limit';
    END IF;
  END IF;
  IF anon_seating IS NOT NULL THEN
    SELECT count(*) FILTER (WHERE r.starts_at = reservation_placement_gate.starts_at), count(*),
           ceil(extract(epoch FROM min(r.hold_expires_at) - now()))::int
      INTO at_seating, in_service, first_lapse
      FROM reservations r
      WHERE r.restaurant_id = restaurant AND r.service_date = reservation_placement_gate.service_date
        AND r.session_id IS NOT DISTINCT FROM reservation_placement_gate.session_id
        AND r.user_id IS NULL AND r.status = 'held' AND r.hold_expires_at > now();
    IF at_seating >= anon_seating OR in_service >= anon_service THEN
      RAISE EXCEPTION 'anonymous holds at their share' USING CONSTRAINT = 'placement_anonymous_share', DETAIL = coalesce(first_lapse, 60)::text;
    END IF;
  END IF;
  IF max_covers IS NOT NULL THEN
    SELECT coalesce(sum(r.party_size), 0) INTO n FROM reservations r
      WHERE r.restaurant_id = restaurant AND r.starts_at = reservation_placement_gate.starts_at
        AND (r.status IN ('confirmed', 'seated') OR (r.status = 'held' AND r.hold_expires_at > now()))
        AND (changing IS NULL OR coalesce(r.replaces_id, r.id) <> changing);
    IF n + party_size > max_covers THEN
      RAISE EXCEPTION '% covers start then', n USING CONSTRAINT = 'placement_paced';
    END IF;
  END IF;
  IF expire_lapsed THEN
    UPDATE reservations r SET status = 'expired', version = r.version + 1, updated_at = now()
      WHERE r.table_id = reservation_placement_gate.table_id AND r.status = 'held' AND r.hold_expires_at <= now()
        AND r.period && tstzrange(reservation_placement_gate.starts_at, reservation_placement_gate.ends_at, '[)');
  END IF;
  RETURN true;
END
$$;
