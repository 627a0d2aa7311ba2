import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "@/db/client";
import type { Restaurant, TurnMinutes } from "@/db/schema";
import { toAvailabilityInput } from "@/lib/availability";
import type { DayContext, RestaurantPolicy } from "@/lib/availability/load";
import { addDays, computeAvailability, isValidLocalDate, type Slot, type TableInfo } from "@/lib/availability/slots";
import { systemClock, type Clock } from "@/lib/clock";
import { invalidInput } from "@/lib/errors";
import { NEAR_MINUTES, searchRestaurants } from "@/lib/restaurants/search";

/** Bookable times shown per restaurant in availability search results. */
export const SEARCH_SLOTS_PER_RESTAURANT = 4;

export interface SearchAvailabilityInput {
  q?: string;
  cuisine?: string;
  city?: string;
  /** The diner's wanted local date and time (each restaurant's own zone) and party size. */
  date: string;
  time: string;
  partySize: number;
  page?: number;
}

export interface SearchSlot {
  startsAt: Date;
  /** "HH:MM" in the restaurant's zone. */
  localTime: string;
  /** Free tables that fit the party at that time (always at least 1 here). */
  tablesLeft: number;
}

export interface SearchAvailabilityResult {
  items: { restaurant: Restaurant; slots: SearchSlot[] }[];
  /** The next page of the underlying text search, whether or not this page kept every restaurant. */
  nextPage: number | null;
}

interface RawDay {
  id: string;
  restaurant: Record<string, unknown> | null;
  sessions: Record<string, unknown>[] | null;
  closures: Record<string, unknown>[] | null;
  tables: Record<string, unknown>[] | null;
  reservations: Record<string, unknown>[] | null;
}

/**
 * `loadDayContext` for many restaurants at once: one round trip for the service dates
 * `fromDate`..`toDate` of every id, keyed by restaurant id. Ids with no restaurant are absent.
 * It does not check `published`: callers pass ids they already found visible.
 *
 * The SQL and the row mapping mirror lib/availability/load.ts so both feed `computeAvailability`
 * the same shapes (the reservation window is per restaurant, in its own zone).
 */
export async function loadDayContexts(
  db: DbOrTx,
  ids: readonly string[],
  fromDate: string,
  toDate: string = fromDate,
): Promise<Map<string, DayContext>> {
  const out = new Map<string, DayContext>();
  if (ids.length === 0) return out;
  const idList = sql.join(
    [...new Set(ids)].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await db.execute<RawDay & Record<string, unknown>>(sql`
    with r as (
      select * from restaurants where id in (${idList})
    ), w as (
      select r.id,
             (${fromDate}::date - 1)::timestamp at time zone r.timezone + interval '12 hours' as lo,
             (${toDate}::date + 2)::timestamp at time zone r.timezone as hi
      from r
    )
    select
      r.id,
      json_build_object(
        'id', r.id, 'slug', r.slug, 'name', r.name, 'timezone', r.timezone, 'published', r.published,
        'holdMinutes', r.hold_minutes, 'minPartySize', r.min_party_size, 'maxPartySize', r.max_party_size,
        'bookingWindowDays', r.booking_window_days, 'minNoticeMinutes', r.min_notice_minutes,
        'cancellationCutoffMinutes', r.cancellation_cutoff_minutes, 'reminderLeadMinutes', r.reminder_lead_minutes
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
        'holdExpiresAt', x.hold_expires_at, 'partySize', x.party_size
      )) from reservations x
        where x.restaurant_id = r.id and x.status in ('held', 'confirmed', 'seated')
          and x.starts_at < w.hi and x.ends_at > w.lo) as reservations
    from r join w on w.id = r.id
  `);
  for (const raw of rows as unknown as RawDay[]) {
    if (!raw.restaurant) continue;
    out.set(String(raw.id), toDayContext(raw));
  }
  return out;
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
    })),
  };
}

/**
 * The bookable times nearest to the wanted local `date` `time`, within NEAR_MINUTES of it, at most
 * `count`, in time order. Seatings of the previous service date count too: "00:30 on Saturday" is
 * a seating of Friday's late session.
 */
export function nearestBookable(
  ctx: DayContext,
  date: string,
  time: string,
  partySize: number,
  now: Date,
  count = SEARCH_SLOTS_PER_RESTAURANT,
): SearchSlot[] {
  const target = DateTime.fromISO(`${date}T${time}`, { zone: ctx.restaurant.timezone });
  if (!target.isValid) return [];
  const at = target.toMillis();
  const slots: Slot[] = [];
  for (const serviceDate of [addDays(date, -1), date]) {
    slots.push(...computeAvailability(toAvailabilityInput(ctx, serviceDate, partySize, now)));
  }
  const seen = new Set<number>();
  return slots
    .filter((s) => {
      const t = s.startsAt.getTime();
      if (!s.available || seen.has(t) || Math.abs(t - at) > NEAR_MINUTES * 60_000) return false;
      seen.add(t);
      return true;
    })
    .sort((a, b) => Math.abs(a.startsAt.getTime() - at) - Math.abs(b.startsAt.getTime() - at) || a.startsAt.getTime() - b.startsAt.getTime())
    .slice(0, count)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((s) => ({ startsAt: s.startsAt, localTime: s.localTime, tablesLeft: s.tablesLeft }));
}

/**
 * Search by text, cuisine and city, keeping only restaurants with a table for the party near the
 * wanted time, each with its nearest bookable times. Two queries per page whatever its size: the
 * page of restaurants (searchRestaurants), then all their days at once (loadDayContexts); the
 * availability itself is the same pure function the booking service runs.
 *
 * Pages are the text search's pages filtered, so a page may hold fewer than a full page of
 * restaurants (even none) while `nextPage` still points on.
 */
export async function searchWithAvailability(
  db: DbOrTx,
  input: SearchAvailabilityInput,
  deps: { clock?: Clock } = {},
): Promise<SearchAvailabilityResult> {
  const clock = deps.clock ?? systemClock;
  const fields: Record<string, string[]> = {};
  if (!isValidLocalDate(input.date)) fields.date = ["Must be a date as YYYY-MM-DD."];
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) fields.time = ["Must be a time as HH:MM (24-hour)."];
  if (!Number.isInteger(input.partySize) || input.partySize < 1) fields.party_size = ["Must be a whole number, at least 1."];
  if (Object.keys(fields).length > 0) throw invalidInput("Check the date, time and party size.", fields);
  const page = await searchRestaurants(db, { q: input.q, cuisine: input.cuisine, city: input.city, page: input.page });
  const ids = page.items.map((i) => i.restaurant.id);
  const contexts = await loadDayContexts(db, ids, addDays(input.date, -1), input.date);
  const now = clock.now();
  const items: SearchAvailabilityResult["items"] = [];
  for (const { restaurant } of page.items) {
    const ctx = contexts.get(restaurant.id);
    if (!ctx) continue;
    const slots = nearestBookable(ctx, input.date, input.time, input.partySize, now);
    if (slots.length > 0) items.push({ restaurant, slots });
  }
  return { items, nextPage: page.nextPage };
}
