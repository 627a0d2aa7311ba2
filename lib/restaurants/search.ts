import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { experiences, restaurants, type Restaurant } from "@/db/schema";
import { toAvailabilityInput } from "@/lib/availability";
import { loadDayContexts, type DayContext } from "@/lib/availability/load";
import { addDays, computeAvailability, type Slot } from "@/lib/availability/slots";
import { systemClock, type Clock } from "@/lib/clock";
import { invalidInput } from "@/lib/errors";
import { localDate, localTime, partySize as partySizeSchema } from "@/lib/contract/common";
import { issueFields } from "@/lib/contract/parse";

export const SEARCH_PAGE_SIZE = 20;
/** With a date, time and party size, at most this many best text matches are checked for a table. */
export const AVAILABILITY_SEARCH_CANDIDATES = 200;
/** "Near that time": available seatings this many minutes either side of the requested time. */
export const NEAR_MINUTES = 60;
/** Bookable times the search page shows per restaurant (the API returns every one near the time). */
export const SEARCH_SLOTS_PER_RESTAURANT = 4;

export interface SearchInput {
  q?: string;
  cuisine?: string;
  city?: string;
  page?: number;
  /** All three or none: only restaurants with an available table near then (each restaurant's local time). */
  date?: string;
  time?: string;
  partySize?: number;
  /** Only restaurants with reviews averaging at least this (1–5). */
  minRating?: number;
  /** `rating`: best average first (unreviewed last), more reviews first on a tie. Default: best text match. */
  sort?: "relevance" | "rating";
  /** Only restaurants with an upcoming published experience that is not cancelled. */
  experiences?: boolean;
  /** With availability: keep at most this many times per restaurant, the nearest ones. */
  slotsPerRestaurant?: number;
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

/** The text search matches, without accents; the same expression as its index. */
const SEARCH_DOCUMENT = sql.raw(
  `to_tsvector('simple', tk_unaccent(coalesce("restaurants"."name", '') || ' ' || coalesce("restaurants"."cuisine", '') || ' ' || coalesce("restaurants"."city", '') || ' ' || coalesce("restaurants"."description", '')))`,
);

function filters(input: SearchInput): { where: SQL; rank: SQL | null } {
  const conditions: SQL[] = [eq(restaurants.published, true)];
  let rank: SQL | null = null;
  const q = input.q?.trim().slice(0, 200);
  const terms = q ? queryTerms(q) : [];
  if (q && terms.length > 0) {
    // Every word must match, accents and case ignored ("kowhai" finds Kōwhai): as a prefix of a word in
    // the name, cuisine, city or description, or fuzzily as a word of the name (typos: "pizeria" finds
    // Pizzeria). Per word, so one strong word cannot drag in names that share nothing else with the
    // query. Both expressions match the indexes of the search_unaccent migration.
    for (const term of terms) {
      conditions.push(sql`(${SEARCH_DOCUMENT} @@ to_tsquery('simple', tk_unaccent(${term}) || ':*') or tk_unaccent(${term}) <% tk_unaccent(${restaurants.name}))`);
    }
    const anyTerm = sql.join(
      terms.map((term) => sql`tk_unaccent(${term}) || ':*'`),
      sql` || ' | ' || `,
    );
    rank = sql`(ts_rank(${SEARCH_DOCUMENT}, to_tsquery('simple', ${anyTerm})) + word_similarity(tk_unaccent(${q}), tk_unaccent(${restaurants.name})))`;
  }
  if (input.cuisine?.trim()) conditions.push(sql`lower(${restaurants.cuisine}) = lower(${input.cuisine.trim()})`);
  if (input.city?.trim()) conditions.push(sql`lower(${restaurants.city}) = lower(${input.city.trim()})`);
  if (input.minRating !== undefined && Number.isFinite(input.minRating)) {
    // Compared on the running totals, exactly (no rounded average): sum >= min × count.
    conditions.push(sql`(${restaurants.ratingCount} > 0 and ${restaurants.ratingSum}::numeric >= ${String(input.minRating)}::numeric * ${restaurants.ratingCount})`);
  }
  if (input.experiences) {
    conditions.push(
      sql`exists (select 1 from ${experiences} where ${experiences.restaurantId} = ${restaurants.id} and ${experiences.published} and ${experiences.cancelledAt} is null and ${experiences.startsAt} > now())`,
    );
  }
  return { where: and(...conditions)!, rank };
}

/** Published restaurants matching the filters, best match first (name order without text), or best rated first. */
function findRestaurants(db: DbOrTx, input: SearchInput, limit: number, offset = 0): Promise<Restaurant[]> {
  const { where, rank } = filters(input);
  const byRating =
    input.sort === "rating"
      ? [sql`${restaurants.ratingSum}::float8 / nullif(${restaurants.ratingCount}, 0) desc nulls last`, desc(restaurants.ratingCount)]
      : [];
  return db
    .select()
    .from(restaurants)
    .where(where)
    .orderBy(...byRating, ...(rank ? [desc(rank)] : []), asc(restaurants.name), asc(restaurants.id))
    .limit(limit)
    .offset(offset);
}

/**
 * Published restaurants matching text, cuisine and city, best match first (name order without text),
 * SEARCH_PAGE_SIZE per page, in one query per page. With date, time and party size, only those with an
 * available table near that time, each with those slots (two queries: see searchWithAvailability).
 */
export async function searchRestaurants(db: DbOrTx, input: SearchInput, deps: { clock?: Clock } = {}): Promise<SearchResult> {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  if (input.date && input.time && input.partySize) return searchWithAvailability(db, input, page, deps.clock ?? systemClock);

  const rows = await findRestaurants(db, input, SEARCH_PAGE_SIZE + 1, (page - 1) * SEARCH_PAGE_SIZE);
  return {
    items: rows.slice(0, SEARCH_PAGE_SIZE).map((restaurant) => ({ restaurant })),
    nextPage: rows.length > SEARCH_PAGE_SIZE ? page + 1 : null,
  };
}

/**
 * The AVAILABILITY_SEARCH_CANDIDATES best text matches, then all their days at once, then the same pure
 * availability function the booking service uses: two queries whatever the page holds. Pages are cut
 * from the restaurants that have a table, so every page is full until the last.
 */
async function searchWithAvailability(db: DbOrTx, input: SearchInput, page: number, clock: Clock): Promise<SearchResult> {
  const date = input.date!;
  const time = input.time!;
  const partySize = input.partySize!;
  const checked = z.object({ date: localDate, time: localTime, party_size: partySizeSchema }).safeParse({ date, time, party_size: partySize });
  if (!checked.success) throw invalidInput("Check the date, time and party size.", issueFields(checked.error));

  const candidates = await findRestaurants(db, input, AVAILABILITY_SEARCH_CANDIDATES);
  // The day before too: its late sessions may seat past midnight, on the wanted date.
  const days = await loadDayContexts(
    db,
    candidates.map((r) => r.id),
    addDays(date, -1),
    date,
  );
  const now = clock.now();
  const matches: SearchItem[] = [];
  for (const restaurant of candidates) {
    const ctx = days.get(restaurant.id);
    if (!ctx) continue;
    const slots = nearestBookable(ctx, date, time, partySize, now, input.slotsPerRestaurant);
    if (slots.length > 0) matches.push({ restaurant, slots });
  }
  const start = (page - 1) * SEARCH_PAGE_SIZE;
  return {
    items: matches.slice(start, start + SEARCH_PAGE_SIZE),
    nextPage: matches.length > start + SEARCH_PAGE_SIZE ? page + 1 : null,
  };
}

/**
 * The bookable slots nearest to the wanted local `date` `time`, within NEAR_MINUTES of it, at most
 * `count`, in time order. Seatings of the previous service date count too: "00:30 on Saturday" is
 * a seating of Friday's late session.
 */
export function nearestBookable(
  ctx: DayContext,
  date: string,
  time: string,
  partySize: number,
  now: Date,
  count = Infinity,
): Slot[] {
  const slots: Slot[] = [];
  for (const serviceDate of [addDays(date, -1), date]) {
    slots.push(...computeAvailability(toAvailabilityInput(ctx, serviceDate, partySize, now)));
  }
  const target = localInstant(ctx.restaurant.timezone, date, time);
  if (target === null) return [];
  const seen = new Set<number>();
  return slotsNear(slots, ctx.restaurant.timezone, date, time)
    .filter((s) => !seen.has(s.startsAt.getTime()) && seen.add(s.startsAt.getTime()))
    .sort((a, b) => distance(a, target) - distance(b, target) || a.startsAt.getTime() - b.startsAt.getTime())
    .slice(0, count)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

const distance = (s: Slot, at: number) => Math.abs(s.startsAt.getTime() - at);

function localInstant(timezone: string, date: string, time: string): number | null {
  const target = DateTime.fromISO(`${date}T${time}`, { zone: timezone });
  return target.isValid ? target.toMillis() : null;
}

/** Available slots within NEAR_MINUTES of the local `date` `time` (a time in a DST gap counts from just after it). */
export function slotsNear(slots: Slot[], timezone: string, date: string, time: string): Slot[] {
  const at = localInstant(timezone, date, time);
  if (at === null) return [];
  return slots.filter((s) => s.available && Math.abs(s.startsAt.getTime() - at) <= NEAR_MINUTES * 60_000);
}
