import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "@/db/client";
import { restaurants, type Restaurant, type TurnMinutes } from "@/db/schema";
import { systemClock, type Clock } from "@/lib/clock";
import { computeAvailability, type BlockingReservation, type Slot, type TableInfo } from "@/lib/availability/slots";

export const SEARCH_PAGE_SIZE = 20;
/** With a date, time and party size, at most this many best text matches are checked for a table. */
export const AVAILABILITY_SEARCH_CANDIDATES = 200;
/** "Near that time": available seatings this many minutes either side of the requested time. */
export const NEAR_MINUTES = 60;

export interface SearchInput {
  q?: string;
  cuisine?: string;
  city?: string;
  page?: number;
  /** All three or none: only restaurants with an available table near then (each restaurant's local time). */
  date?: string;
  time?: string;
  partySize?: number;
}

export interface SearchItem {
  restaurant: Restaurant;
  /** Available seatings near the requested time, when date, time and party size were given. */
  slots?: Slot[];
}

export interface SearchResult {
  items: SearchItem[];
  nextPage: number | null;
}

/** The query's words (letters and digits only, so they are safe inside to_tsquery), at most 8. */
export function queryTerms(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 8);
}

function filters(input: SearchInput): { where: SQL; rank: SQL | null } {
  const conditions: SQL[] = [eq(restaurants.published, true)];
  let rank: SQL | null = null;
  const q = input.q?.trim().slice(0, 200);
  const terms = q ? queryTerms(q) : [];
  if (q && terms.length > 0) {
    // Every word must match: as a prefix of a word in the name, cuisine, city or description, or
    // fuzzily as a word of the name (typos: "pizeria" finds Pizzeria). Per word, so one strong word
    // cannot drag in names that share nothing else with the query.
    for (const term of terms) {
      conditions.push(
        sql`(${restaurants.searchVector} @@ to_tsquery('simple', ${`${term}:*`}) or ${term} <% ${restaurants.name})`,
      );
    }
    const anyTerm = terms.map((term) => `${term}:*`).join(" | ");
    rank = sql`(ts_rank(${restaurants.searchVector}, to_tsquery('simple', ${anyTerm})) + word_similarity(${q}, ${restaurants.name}))`;
  }
  if (input.cuisine?.trim()) conditions.push(sql`lower(${restaurants.cuisine}) = lower(${input.cuisine.trim()})`);
  if (input.city?.trim()) conditions.push(sql`lower(${restaurants.city}) = lower(${input.city.trim()})`);
  return { where: and(...conditions)!, rank };
}

/**
 * Published restaurants matching text, cuisine and city, best match first (name order without text),
 * SEARCH_PAGE_SIZE per page, in one query per page. With date, time and party size, only those with an
 * available table near that time, each with those slots (still one query: see searchWithAvailability).
 */
export async function searchRestaurants(db: DbOrTx, input: SearchInput, deps: { clock?: Clock } = {}): Promise<SearchResult> {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  if (input.date && input.time && input.partySize) return searchWithAvailability(db, input, page, deps.clock ?? systemClock);

  const { where, rank } = filters(input);
  const rows = await db
    .select()
    .from(restaurants)
    .where(where)
    .orderBy(...(rank ? [desc(rank)] : []), asc(restaurants.name), asc(restaurants.id))
    .limit(SEARCH_PAGE_SIZE + 1)
    .offset((page - 1) * SEARCH_PAGE_SIZE);
  return {
    items: rows.slice(0, SEARCH_PAGE_SIZE).map((restaurant) => ({ restaurant })),
    nextPage: rows.length > SEARCH_PAGE_SIZE ? page + 1 : null,
  };
}

interface DayRow extends Record<string, unknown> {
  id: string;
  sessions: Record<string, unknown>[] | null;
  closures: { startDate: string; endDate: string }[] | null;
  tables: TableInfo[] | null;
  reservations: Record<string, unknown>[] | null;
}

/**
 * The best text matches with each one's day (sessions, closures, tables, blocking reservations) in a
 * single round trip, then the same pure availability function the booking service uses. Pages are
 * cut from the restaurants that have a table, so every page is full until the last.
 */
async function searchWithAvailability(db: DbOrTx, input: SearchInput, page: number, clock: Clock): Promise<SearchResult> {
  const date = input.date!;
  const time = input.time!;
  const partySize = input.partySize!;
  const { where, rank } = filters(input);
  const order = rank ? sql`${rank} desc, ${restaurants.name} asc, ${restaurants.id} asc` : sql`${restaurants.name} asc, ${restaurants.id} asc`;

  const result = await db.execute<DayRow>(sql`
    with cand as (
      select ${restaurants.id} as id, ${restaurants.timezone} as timezone, row_number() over (order by ${order}) as pos
      from ${restaurants}
      where ${where}
      order by ${order}
      limit ${AVAILABILITY_SEARCH_CANDIDATES}
    ), w as (
      select cand.*,
        (${date}::date - 1)::timestamp at time zone cand.timezone + interval '12 hours' as lo,
        (${date}::date + 2)::timestamp at time zone cand.timezone as hi
      from cand
    )
    select w.id, w.pos,
      (select json_agg(json_build_object(
        'id', s.id, 'name', s.name, 'days', s.days, 'firstSeating', to_char(s.first_seating, 'HH24:MI'),
        'lastSeating', to_char(s.last_seating, 'HH24:MI'), 'intervalMinutes', s.interval_minutes,
        'turnMinutes', s.turn_minutes, 'maxCoversPerSlot', s.max_covers_per_slot
      ) order by s.first_seating, s.id) from service_sessions s where s.restaurant_id = w.id) as sessions,
      (select json_agg(json_build_object('startDate', c.start_date, 'endDate', c.end_date))
        from closures c where c.restaurant_id = w.id and c.start_date <= ${date}::date and c.end_date >= ${date}::date) as closures,
      (select json_agg(json_build_object(
        'id', t.id, 'label', t.label, 'minSeats', t.min_seats, 'maxSeats', t.max_seats, 'online', t.online, 'active', t.active
      )) from dining_tables t where t.restaurant_id = w.id) as tables,
      (select json_agg(json_build_object(
        'id', x.id, 'tableId', x.table_id, 'startsAt', x.starts_at, 'endsAt', x.ends_at, 'status', x.status,
        'holdExpiresAt', x.hold_expires_at, 'partySize', x.party_size
      )) from reservations x
        where x.restaurant_id = w.id and x.status in ('held', 'confirmed', 'seated') and x.starts_at < w.hi and x.ends_at > w.lo) as reservations,
      (select row_to_json(r) from restaurants r where r.id = w.id) as restaurant
    from w
    order by w.pos
  `);
  const rows = result as unknown as (DayRow & { restaurant: Record<string, unknown> })[];

  const now = clock.now();
  const matches: SearchItem[] = [];
  for (const row of rows) {
    const restaurant = restaurantFromRow(row.restaurant);
    const slots = computeAvailability({
      timezone: restaurant.timezone,
      date,
      partySize,
      now,
      policy: {
        minPartySize: restaurant.minPartySize,
        maxPartySize: restaurant.maxPartySize,
        bookingWindowDays: restaurant.bookingWindowDays,
        minNoticeMinutes: restaurant.minNoticeMinutes,
      },
      sessions: (row.sessions ?? []).map((s) => ({
        id: String(s.id),
        name: String(s.name),
        days: (s.days as number[]).map(Number),
        firstSeating: String(s.firstSeating),
        lastSeating: String(s.lastSeating),
        intervalMinutes: Number(s.intervalMinutes),
        turnMinutes: s.turnMinutes as TurnMinutes,
        maxCoversPerSlot: s.maxCoversPerSlot === null ? null : Number(s.maxCoversPerSlot),
      })),
      closures: row.closures ?? [],
      tables: row.tables ?? [],
      reservations: (row.reservations ?? []).map(
        (x): BlockingReservation => ({
          id: String(x.id),
          tableId: String(x.tableId),
          startsAt: new Date(String(x.startsAt)),
          endsAt: new Date(String(x.endsAt)),
          status: String(x.status),
          holdExpiresAt: x.holdExpiresAt ? new Date(String(x.holdExpiresAt)) : null,
          partySize: Number(x.partySize),
        }),
      ),
    });
    const near = slotsNear(slots, restaurant.timezone, date, time);
    if (near.length > 0) matches.push({ restaurant, slots: near });
  }
  const start = (page - 1) * SEARCH_PAGE_SIZE;
  return {
    items: matches.slice(start, start + SEARCH_PAGE_SIZE),
    nextPage: matches.length > start + SEARCH_PAGE_SIZE ? page + 1 : null,
  };
}

/** Available slots within NEAR_MINUTES of the local `date` `time` (a time in a DST gap counts from just after it). */
export function slotsNear(slots: Slot[], timezone: string, date: string, time: string): Slot[] {
  const target = DateTime.fromISO(`${date}T${time}`, { zone: timezone });
  if (!target.isValid) return [];
  const at = target.toMillis();
  return slots.filter((s) => s.available && Math.abs(s.startsAt.getTime() - at) <= NEAR_MINUTES * 60_000);
}

/** A `row_to_json(restaurants)` row → the drizzle shape. */
function restaurantFromRow(r: Record<string, unknown>): Restaurant {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r.id),
    slug: String(r.slug),
    name: String(r.name),
    timezone: String(r.timezone),
    cuisine: s(r.cuisine),
    city: s(r.city),
    address: s(r.address),
    description: s(r.description),
    priceBand: n(r.price_band),
    latitude: n(r.latitude),
    longitude: n(r.longitude),
    published: Boolean(r.published),
    holdMinutes: Number(r.hold_minutes),
    minPartySize: Number(r.min_party_size),
    maxPartySize: Number(r.max_party_size),
    bookingWindowDays: Number(r.booking_window_days),
    minNoticeMinutes: Number(r.min_notice_minutes),
    cancellationCutoffMinutes: Number(r.cancellation_cutoff_minutes),
    reminderLeadMinutes: Number(r.reminder_lead_minutes),
    searchVector: String(r.search_vector ?? ""),
    createdAt: new Date(String(r.created_at)),
    updatedAt: new Date(String(r.updated_at)),
  };
}
