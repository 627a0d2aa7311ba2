/**
 * Availability near one time for many restaurants in one statement: the search's "date + time +
 * party" answer.
 *
 * The rules are the engine's (slots.ts), written as sets so one statement can answer for every
 * candidate restaurant; each part below names the function it mirrors. near-sql.int.test.ts holds the
 * two to the same answers case by case (closures, sessions past midnight, table sizes, bookings,
 * live and lapsed holds, pacing, experiences, notice, window, party limits, zones and clock
 * changes), so a change to a rule there must be made here too.
 *
 * Wall clocks become instants as `wallClockToInstant` does, from the zone's offsets and a round-trip
 * check: never by Postgres' own reading of a missing or repeated local time, which differs.
 */
import { sql, type SQL } from "drizzle-orm";
import { IANAZone } from "luxon";
import { parseTimeOfDay, wallClockToInstant } from "./slots";

/** "Near that time": available seatings this many minutes either side of the requested time. */
export const NEAR_MINUTES = 60;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * The instant a search for local `date` `time` in `timezone` is about: the wall clock's instant as
 * the engine reads it (the earlier of a repeated time), and for a time that never happens (a clock
 * change's gap) the instant the clock would show it at had it not changed yet, just after the gap.
 * Null for an unknown zone.
 */
export function nearTarget(timezone: string, date: string, time: string): Date | null {
  if (!IANAZone.isValidZone(timezone)) return null;
  const zone = IANAZone.create(timezone);
  const minute = parseTimeOfDay(time);
  const instant = wallClockToInstant(zone, date, minute);
  if (instant) return instant;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minute * MINUTE_MS;
  return new Date(wall - zone.offset(wall - 15 * HOUR_MS) * MINUTE_MS);
}

/** One bookable seating as the statement returns it (JSON). */
export interface NearSlotRow {
  startsAt: string;
  endsAt: string;
  localTime: string;
  serviceDate: string;
  sessionId: string;
  sessionName: string;
  tablesLeft: number;
}

/** A bookable seating near the wanted time: the fields of the engine's Slot that the search returns. */
export interface NearSlot {
  startsAt: Date;
  endsAt: Date;
  localTime: string;
  serviceDate: string;
  sessionId: string;
  sessionName: string;
  available: true;
  tablesLeft: number;
}

export function toNearSlot(row: NearSlotRow): NearSlot {
  return {
    startsAt: new Date(row.startsAt),
    endsAt: new Date(row.endsAt),
    localTime: row.localTime,
    serviceDate: row.serviceDate,
    sessionId: row.sessionId,
    sessionName: row.sessionName,
    available: true,
    tablesLeft: Number(row.tablesLeft),
  };
}

// ── Zones, as the engine reads them ──────────────────────────────────────────────────────────────

/** The zone's offset (an interval) at instant `t`: its wall clock less UTC's. */
const offsetAt = (tz: SQL, t: SQL) => sql`((${t}) at time zone ${tz} - (${t}) at time zone 'UTC')`;

/**
 * `wallClockToInstant` (`instantOfWall`): of the offsets in force 15 h either side of the wall clock
 * (written as UTC), each gives a candidate instant kept only if the zone shows that wall clock then;
 * the earliest kept wins, none (a gap) gives null. `wall` must be a plain column reference (it is
 * repeated).
 */
function wallInstant(tz: SQL, wall: SQL): SQL {
  const asUtc = sql`(${wall} at time zone 'UTC')`;
  return sql`(select min(x.c) from (
      select ${asUtc} - ${offsetAt(tz, sql`${asUtc} + make_interval(hours => v.h)`)} as c from (values (-15), (0), (15)) v(h)
    ) x where x.c at time zone ${tz} = ${wall})`;
}

/** `nearTarget`: the wall clock's instant, or in a gap the instant at the offset in force before it. */
function targetInstant(tz: SQL, wall: SQL): SQL {
  const asUtc = sql`(${wall} at time zone 'UTC')`;
  return sql`coalesce(${wallInstant(tz, wall)}, ${asUtc} - ${offsetAt(tz, sql`${asUtc} - interval '15 hours'`)})`;
}

/** `isBlocking`: confirmed and seated bookings, and holds until they lapse (by the caller's clock). */
const blocking = (x: string) =>
  sql.raw(`(${x}.status in ('confirmed', 'seated') or (${x}.status = 'held' and ${x}.hold_expires_at > k.now))`);

/** `turnMinutesFor`: a number, or the first rule (by max_party_size, stable) that fits, else the largest. */
const turnMinutes = sql.raw(`case jsonb_typeof(s.turn_minutes)
  when 'number' then (s.turn_minutes #>> '{}')::float8
  else coalesce(
    (select (tr.v ->> 'minutes')::float8 from jsonb_array_elements(s.turn_minutes) with ordinality tr(v, i)
      where (tr.v ->> 'max_party_size')::float8 >= k.party order by (tr.v ->> 'max_party_size')::float8, tr.i limit 1),
    (select (tr.v ->> 'minutes')::float8 from jsonb_array_elements(s.turn_minutes) with ordinality tr(v, i)
      order by (tr.v ->> 'max_party_size')::float8 desc, tr.i desc limit 1)) end`);

/**
 * A correlated subquery over the restaurant row `alias` (its columns under their database names): its bookable seatings
 * within NEAR_MINUTES of local `date` `time` for `partySize`, as a JSON array of NearSlotRow, or
 * null when it has none. It is `nearestBookable` (search.ts) over `computeAvailability`: seatings
 * of the service dates `date` and the day before (a late session runs past midnight), each judged
 * available or not as the engine judges it, one per instant (the earlier service date's when both
 * offer it), the `count` nearest (the earlier of two equally near), in time order.
 */
export function nearAvailableSlotsSql(
  alias: string,
  input: { date: string; time: string; partySize: number; now: Date; count?: number },
): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const R = col("id");
  const tz = sql.raw("k.tz");
  const limit = input.count === undefined || !Number.isFinite(input.count) ? sql`all` : sql`${Math.max(0, Math.floor(input.count))}`;

  // The search's terms, the engine's loading window (load.ts `queryDays` for the service dates
  // date - 1 .. date: from noon of the day before the first to the start of two days after the
  // last, in the restaurant's zone), and the wall clocks the near instants can show.
  const terms = sql`select p.*,
      p.target - interval '${sql.raw(String(NEAR_MINUTES))} minutes' as near_lo,
      p.target + interval '${sql.raw(String(NEAR_MINUTES))} minutes' as near_hi
    from (select q.*, ${targetInstant(sql.raw("q.tz"), sql.raw("q.target_wall"))} as target
      from (select ${input.date}::date as d, (${input.date}::date + ${input.time}::time) as target_wall, ${input.partySize}::int as party,
                   ${input.now.toISOString()}::timestamptz as now, ${col("timezone")} as tz,
                   (${input.date}::date - 2)::timestamp at time zone ${col("timezone")} + interval '12 hours' as lo,
                   (${input.date}::date + 2)::timestamp at time zone ${col("timezone")} as hi offset 0) q offset 0) p`;
  // A seating near the target shows a wall clock within the near window shifted by the offsets in
  // force at its ends (one clock change at most within two hours): a cheap filter before the
  // exact one on instants.
  const tz0 = sql.raw("k0.tz");
  const [offLo, offHi] = [offsetAt(tz0, sql.raw("k0.near_lo")), offsetAt(tz0, sql.raw("k0.near_hi"))];
  const wallBounds = sql`select (k0.near_lo at time zone 'UTC') + least(${offLo}, ${offHi}) as wall_lo,
      (k0.near_hi at time zone 'UTC') + greatest(${offLo}, ${offHi}) as wall_hi`;

  // `generateSeatings`: a closed date has none; a session runs on the weekdays of the service date;
  // minutes from the first seating (seconds dropped) to the last, a day later when it is earlier;
  // one per instant, the session with the earlier first seating (then the loading order) keeping it.
  const seatings = sql`select distinct on (sd.ord, w.starts_at)
        sd.ord, sd.d as service_date, ss.id as session_id, ss.name as session_name, ss.turn_minutes, ss.max_covers_per_slot,
        m.minute, w.starts_at
      from (values (1, k.d - 1), (2, k.d)) sd(ord, d)
      join service_sessions ss on ss.restaurant_id = ${R} and extract(isodow from sd.d)::smallint = any(ss.days)
      cross join lateral (select (extract(hour from ss.first_seating) * 60 + extract(minute from ss.first_seating))::int as f,
                                 (extract(hour from ss.last_seating) * 60 + extract(minute from ss.last_seating))::int as l) fl
      cross join lateral generate_series(fl.f, case when fl.l < fl.f then fl.l + 1440 else fl.l end, ss.interval_minutes) m(minute)
      cross join lateral (select sd.d + make_interval(mins => m.minute) as wall offset 0) wc
      cross join lateral (select ${wallInstant(tz, sql.raw("wc.wall"))} as starts_at offset 0) w
      where wc.wall between k.wall_lo and k.wall_hi
        and not exists (select 1 from closures cl where cl.restaurant_id = ${R} and cl.start_date <= sd.d and sd.d <= cl.end_date)
        and w.starts_at between k.near_lo and k.near_hi
      order by sd.ord, w.starts_at, fl.f, ss.first_seating, ss.id, m.minute`;

  // `computeAvailability` for one seating: past, too soon, too far, party size, an experience
  // closing the room, pacing, no free fitting table (active, online, seats the party, no blocking
  // booking overlapping the half-open turn); bookings and experiences as the engine loads them.
  const judged = sql`select s.ord, s.service_date, s.session_id, s.session_name, s.minute, s.starts_at, t.ends_at, ft.free,
        (s.starts_at > k.now
          and s.starts_at >= k.now + make_interval(mins => ${col("min_notice_minutes")})
          and s.service_date <= (k.now at time zone k.tz)::date + ${col("booking_window_days")}
          and k.party between ${col("min_party_size")} and ${col("max_party_size")}
          and not exists (select 1 from experiences e
            where e.restaurant_id = ${R} and e.closes_regular_service and e.published and e.cancelled_at is null
              and e.starts_at < k.hi and e.ends_at > k.lo and e.starts_at < t.ends_at and s.starts_at < e.ends_at)
          and (s.max_covers_per_slot is null or k.party + coalesce((select sum(x.party_size) from reservations x
            where x.restaurant_id = ${R} and x.table_id is not null and ${blocking("x")}
              and x.starts_at < k.hi and x.ends_at > k.lo and x.starts_at = s.starts_at), 0) <= s.max_covers_per_slot)
          and ft.free > 0) as available
      from (${seatings}) s
      cross join lateral (select s.starts_at + make_interval(secs => ${turnMinutes} * 60) as ends_at offset 0) t
      cross join lateral (select count(*)::int as free from dining_tables dt
        where dt.restaurant_id = ${R} and dt.active and dt.online and dt.min_seats <= k.party and k.party <= dt.max_seats
          and not exists (select 1 from reservations x
            where x.table_id = dt.id and x.restaurant_id = ${R} and ${blocking("x")}
              and x.starts_at < k.hi and x.ends_at > k.lo and x.starts_at < t.ends_at and s.starts_at < x.ends_at)) ft`;

  return sql`(select (select json_agg(json_build_object(
          'startsAt', n.starts_at, 'endsAt', n.ends_at, 'serviceDate', n.service_date, 'sessionId', n.session_id,
          'sessionName', n.session_name, 'tablesLeft', n.free,
          'localTime', lpad(((n.minute % 1440) / 60)::text, 2, '0') || ':' || lpad((n.minute % 60)::text, 2, '0')
        ) order by n.starts_at)
      from (select a.* from (
          select distinct on (j.starts_at) j.* from (${judged}) j where j.available order by j.starts_at, j.ord
        ) a order by abs(extract(epoch from a.starts_at - k.target)), a.starts_at limit ${limit}) n)
    from (select k0.*, wb.wall_lo, wb.wall_hi from (${terms}) k0 cross join lateral (${wallBounds}) wb offset 0) k)`;
}
