import { sql, type SQL } from "drizzle-orm";
import { executePrepared, type DbOrTx } from "@/db/client";
import type { TurnMinutes } from "@/db/schema";
import { addDays } from "./calendar";
import { localDateOf, type BlockingReservation, type ClosureRule, type SessionRule, type TableInfo } from "./slots";

export interface RestaurantPolicy {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  published: boolean;
  holdMinutes: number;
  minPartySize: number;
  maxPartySize: number;
  bookingWindowDays: number;
  minNoticeMinutes: number;
  cancellationCutoffMinutes: number;
  reminderLeadMinutes: number;
  anonymousHoldSharePct: number;
}

export interface DayContext {
  restaurant: RestaurantPolicy;
  sessions: SessionRule[];
  closures: ClosureRule[];
  tables: TableInfo[];
  /** Blocking-status table rows overlapping the loaded days (held rows may already be past expiry). */
  reservations: BlockingReservation[];
  /** Published experiences that close the regular dining room while they run, overlapping the loaded days. */
  blackouts: { startsAt: Date; endsAt: Date }[];
}

interface RawDay {
  id: string;
  restaurant: Record<string, unknown> | null;
  sessions: Record<string, unknown>[] | null;
  closures: Record<string, unknown>[] | null;
  tables: Record<string, unknown>[] | null;
  reservations: Record<string, unknown>[] | null;
  blackouts: Record<string, unknown>[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/**
 * Everything availability needs for a restaurant over the service dates `fromDate`..`toDate`, in one
 * round trip (the hot path of both availability and holds). `idOrSlug` may be either.
 * Returns null when no such restaurant exists.
 */
export async function loadDayContext(
  db: DbOrTx,
  idOrSlug: string,
  fromDate: string,
  toDate: string = fromDate,
): Promise<DayContext | null> {
  const which = isUuid(idOrSlug) ? sql`id = ${idOrSlug}::uuid` : sql`slug = ${idOrSlug}`;
  const rows = await queryDays(db, which, fromDate, toDate, undefined, true);
  return rows[0] ? toDayContext(rows[0]) : null;
}

/**
 * What a booking at `instant` needs, in one round trip: the restaurant's rules for the service dates
 * `fromDate`..`toDate` (the instant's own date and the day before, in any zone) but only the
 * bookings that overlap the longest seating that could start then (up to the restaurant's longest
 * turn), not whole days. Enough to judge that one seating; not to compute a whole day's slots.
 */
export async function loadInstantContext(
  db: DbOrTx,
  restaurantId: string,
  instant: Date,
  fromDate: string,
  toDate: string,
): Promise<DayContext | null> {
  if (!isUuid(restaurantId)) return null;
  const rows = await queryDays(db, sql`id = ${restaurantId}::uuid`, fromDate, toDate, instant, true);
  return rows[0] ? toDayContext(rows[0]) : null;
}

/**
 * One row per restaurant matching `which` (a condition on `restaurants`), with its day's rules and
 * bookings as JSON. Reservations are fetched by instant, per restaurant in its own zone: from noon of
 * the day before (a previous session may run past midnight) to two days after the last date
 * (past-midnight seatings plus turn time). `prepared` when the statement's text is the same on every
 * call (one restaurant): Postgres then plans it once per connection (planning it costs more than
 * running it).
 */
async function queryDays(db: DbOrTx, which: SQL, fromDate: string, toDate: string, instant?: Date, prepared = false): Promise<RawDay[]> {
  // At one instant: from it to its end after the longest turn any session has (a number of minutes,
  // or rules by party size).
  const window = instant
    ? sql`select r.id, ${instant.toISOString()}::timestamptz as lo,
             ${instant.toISOString()}::timestamptz + make_interval(mins => coalesce((
               select max(case jsonb_typeof(s.turn_minutes)
                 when 'number' then (s.turn_minutes #>> '{}')::int
                 else (select max((e ->> 'minutes')::int) from jsonb_array_elements(s.turn_minutes) e) end)
               from service_sessions s where s.restaurant_id = r.id), 0)) as hi
           from r`
    : sql`select r.id,
             (${fromDate}::date - 1)::timestamp at time zone r.timezone + interval '12 hours' as lo,
             (${toDate}::date + 2)::timestamp at time zone r.timezone as hi
           from r`;
  const query = sql`
    with r as (
      select * from restaurants where ${which}
    ), w as (${window})
    select
      r.id,
      json_build_object(
        'id', r.id, 'slug', r.slug, 'name', r.name, 'timezone', r.timezone, 'published', r.published,
        'holdMinutes', r.hold_minutes, 'minPartySize', r.min_party_size, 'maxPartySize', r.max_party_size,
        'bookingWindowDays', r.booking_window_days, 'minNoticeMinutes', r.min_notice_minutes,
        'cancellationCutoffMinutes', r.cancellation_cutoff_minutes, 'reminderLeadMinutes', r.reminder_lead_minutes,
        'anonymousHoldSharePct', r.anonymous_hold_share_pct
      ) as restaurant,
      (select json_agg(json_build_object(
        'id', s.id, 'name', s.name, 'days', s.days, 'firstSeating', to_char(s.first_seating, 'HH24:MI'),
        'lastSeating', to_char(s.last_seating, 'HH24:MI'), 'intervalMinutes', s.interval_minutes,
        'turnMinutes', s.turn_minutes, 'maxCoversPerSlot', s.max_covers_per_slot
      ) order by s.first_seating, s.id) from service_sessions s where s.restaurant_id = r.id) as sessions,
      (select json_agg(json_build_object('startDate', c.start_date, 'endDate', c.end_date))
        from closures c
        where c.restaurant_id = r.id and c.start_date <= ${toDate}::date and c.end_date >= ${fromDate}::date) as closures,
      (select json_agg(json_build_object(
        'id', t.id, 'label', t.label, 'minSeats', t.min_seats, 'maxSeats', t.max_seats,
        'online', t.online, 'active', t.active
      ) order by t.label, t.id) from dining_tables t where t.restaurant_id = r.id) as tables,
      (select json_agg(json_build_object(
        'id', x.id, 'tableId', x.table_id, 'startsAt', x.starts_at, 'endsAt', x.ends_at, 'status', x.status,
        'holdExpiresAt', x.hold_expires_at, 'partySize', x.party_size, 'holderKey', x.holder_key,
        'replacesId', x.replaces_id
      )) from reservations x
        where x.restaurant_id = r.id and x.status in ('held', 'confirmed', 'seated') and x.table_id is not null
          and x.starts_at < w.hi and x.ends_at > w.lo) as reservations,
      (select json_agg(json_build_object('startsAt', e.starts_at, 'endsAt', e.ends_at))
        from experiences e
        where e.restaurant_id = r.id and e.closes_regular_service and e.published and e.cancelled_at is null
          and e.starts_at < w.hi and e.ends_at > w.lo) as blackouts
    from r join w on w.id = r.id
  `;
  const rows = prepared ? await executePrepared<RawDay & Record<string, unknown>>(db, query) : await db.execute<RawDay & Record<string, unknown>>(query);
  return rows as unknown as RawDay[];
}

function toDayContext(raw: RawDay): DayContext {
  return {
    restaurant: raw.restaurant as unknown as RestaurantPolicy,
    sessions: (raw.sessions ?? []).map((s) => ({
      id: String(s.id),
      name: String(s.name),
      days: (s.days as number[]).map(Number),
      firstSeating: String(s.firstSeating),
      lastSeating: String(s.lastSeating),
      intervalMinutes: Number(s.intervalMinutes),
      turnMinutes: s.turnMinutes as TurnMinutes,
      maxCoversPerSlot: s.maxCoversPerSlot === null ? null : Number(s.maxCoversPerSlot),
    })),
    closures: (raw.closures ?? []).map((c) => ({ startDate: String(c.startDate), endDate: String(c.endDate) })),
    tables: (raw.tables ?? []) as unknown as TableInfo[],
    reservations: (raw.reservations ?? []).map((x) => ({
      id: String(x.id),
      tableId: String(x.tableId),
      startsAt: new Date(String(x.startsAt)),
      endsAt: new Date(String(x.endsAt)),
      status: String(x.status),
      holdExpiresAt: x.holdExpiresAt ? new Date(String(x.holdExpiresAt)) : null,
      partySize: Number(x.partySize),
      holderKey: x.holderKey === null || x.holderKey === undefined ? null : String(x.holderKey),
      replacesId: x.replacesId === null || x.replacesId === undefined ? null : String(x.replacesId),
    })),
    blackouts: (raw.blackouts ?? []).map((b) => ({ startsAt: new Date(String(b.startsAt)), endsAt: new Date(String(b.endsAt)) })),
  };
}

/** The local service dates an instant could belong to: its own date, or the day before (past midnight). */
export function candidateServiceDates(instant: Date, timezone: string): string[] {
  const local = localDateOf(instant, timezone);
  return [local, addDays(local, -1)];
}
