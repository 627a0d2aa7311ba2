import { and, asc, desc, eq, getTableColumns, isNotNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { executePrepared, type DbOrTx } from "@/db/client";
import { experiences, restaurants, type Restaurant } from "@/db/schema";
import { toAvailabilityInput } from "@/lib/availability";
import type { DayContext } from "@/lib/availability/load";
import { NEAR_MINUTES, nearAvailableSlotsSql, nearTarget, toNearSlot, type NearSlot, type NearSlotRow } from "@/lib/availability/near-sql";
import { addDays, computeAvailability, type Slot } from "@/lib/availability/slots";
import { systemClock, type Clock } from "@/lib/clock";
import { invalidInput } from "@/lib/errors";
import { localDate, localTime, partySize as partySizeSchema } from "@/lib/contract/common";
import { issueFields } from "@/lib/contract/parse";
import { photosOf, type RestaurantPhoto } from "@/lib/restaurants/photos";
import type { GeoPoint } from "./contract";

export const SEARCH_PAGE_SIZE = 20;
export { NEAR_MINUTES };
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
  /**
   * `rating`: best average first (unreviewed last), more reviews first on a tie. `distance`: nearest
   * first (needs `near` or `place`, and is their default). Default: best text match.
   */
  sort?: "relevance" | "rating" | "distance";
  /** Measure distance from this point: only restaurants with a location, each with its distance. */
  near?: GeoPoint;
  /** Or from the middle of a place's published restaurants (a city, case ignored; see listSearchPlaces). */
  place?: string;
  /** With `near` or `place`: only restaurants at most this many kilometres away. */
  radiusKm?: number;
  /** Only restaurants with a price band of at most this (1–4); those without one are left out. */
  maxPriceBand?: number;
  /** Only restaurants with an upcoming published experience that is not cancelled. */
  experiences?: boolean;
  /** With availability: keep at most this many times per restaurant, the nearest ones. */
  slotsPerRestaurant?: number;
}

export interface SearchItem {
  restaurant: Restaurant;
  /** Available seatings near the requested time, when date, time and party size were given. */
  slots?: NearSlot[];
  /** Kilometres from the search's origin, when it had one. */
  distanceKm?: number;
  /** The restaurant's photos in order (the first is its cover). */
  photos: RestaurantPhoto[];
}

/** Where distances were measured from: the point given, or the middle of the place named. */
export interface SearchOrigin extends GeoPoint {
  place: string | null;
}

export interface SearchResult {
  items: SearchItem[];
  nextPage: number | null;
  origin: SearchOrigin | null;
}

type Found = { items: Omit<SearchItem, "photos">[]; nextPage: number | null; origin: SearchOrigin | null };
type FoundItem = Found["items"][number];

/** A place near which diners may search: a city of published restaurants with a location, and their middle. */
export interface SearchPlace extends GeoPoint {
  name: string;
  restaurants: number;
}

/** Mean Earth radius (IUGG), kilometres. */
const EARTH_RADIUS_KM = 6371.0088;
/** Kilometres per degree of latitude, a little under the true 111.2 so the box never cuts a restaurant off. */
const KM_PER_DEGREE_LAT = 110.5;

/**
 * Great-circle distance in kilometres from `o` to each restaurant (haversine, in SQL, so the page is
 * filtered and ordered by the database). `least(1, …)` keeps rounding from pushing asin out of range
 * for antipodal points.
 */
function distanceKmFrom(o: GeoPoint): SQL<number> {
  const lat = sql`${o.lat}::float8`;
  const lng = sql`${o.lng}::float8`;
  return sql<number>`(2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1::float8, sqrt(
    power(sin(radians(${restaurants.latitude} - ${lat}) / 2), 2)
    + cos(radians(${lat})) * cos(radians(${restaurants.latitude})) * power(sin(radians(${restaurants.longitude} - ${lng}) / 2), 2)))))`;
}

/** The places diners can search near: published restaurants' cities (spelling of the first, case ignored), with the middle of those that have a location. */
export async function listSearchPlaces(db: DbOrTx, only?: string): Promise<SearchPlace[]> {
  const key = sql`lower(btrim(${restaurants.city}))`;
  const rows = await db
    .select({
      name: sql<string>`min(btrim(${restaurants.city}))`,
      lat: sql<number>`avg(${restaurants.latitude})::float8`,
      lng: sql<number>`avg(${restaurants.longitude})::float8`,
      restaurants: sql<number>`count(*)::int`,
    })
    .from(restaurants)
    .where(
      and(
        eq(restaurants.published, true),
        isNotNull(restaurants.latitude),
        isNotNull(restaurants.longitude),
        sql`btrim(coalesce(${restaurants.city}, '')) <> ''`,
        only === undefined ? undefined : sql`${key} = lower(btrim(${only}))`,
      ),
    )
    .groupBy(key)
    .orderBy(sql`min(btrim(${restaurants.city}))`);
  return rows.map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng), restaurants: Number(r.restaurants) }));
}

/** The search's origin, or null without one; a place we have no restaurants in is refused, naming the field. */
async function resolveOrigin(db: DbOrTx, input: SearchInput): Promise<SearchOrigin | null> {
  if (input.near && input.place) throw invalidInput("Give near or place, not both.", { place: ["Give near or place, not both."] });
  if (input.near) {
    const { lat, lng } = input.near;
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      throw invalidInput("Check the location.", { near: ["Latitude must be from -90 to 90 and longitude from -180 to 180."] });
    }
    return { lat, lng, place: null };
  }
  const place = input.place?.trim().slice(0, 80);
  if (!place) return null;
  const [found] = await listSearchPlaces(db, place);
  if (!found) throw invalidInput(`We have no restaurants with a location in ${place}.`, { place: ["Choose one of the places we list."] });
  return { lat: found.lat, lng: found.lng, place: found.name };
}

/** The query's words (letters and digits only, so they are safe inside to_tsquery), at most 8. */
export function queryTerms(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 8);
}

/** The text search matches, without accents: stored and indexed (the column's generated expression). */
const SEARCH_DOCUMENT = restaurants.searchVector;

function filters(input: SearchInput, origin: SearchOrigin | null): { where: SQL; rank: SQL | null } {
  const conditions: SQL[] = [eq(restaurants.published, true)];
  let rank: SQL | null = null;
  const q = input.q?.trim().slice(0, 200);
  const terms = q ? queryTerms(q) : [];
  if (q && terms.length > 0) {
    // Every word must match, accents and case ignored ("kowhai" finds Kōwhai): as a prefix of a word in
    // the name, cuisine, city or description, or fuzzily as a word of the name (typos: "pizeria" finds
    // Pizzeria). Per word, so one strong word cannot drag in names that share nothing else with the
    // query. The unaccented document and name are stored columns, both indexed.
    for (const term of terms) {
      conditions.push(sql`(${SEARCH_DOCUMENT} @@ to_tsquery('simple', tk_unaccent(${term}) || ':*') or tk_unaccent(${term}) <% ${restaurants.searchName})`);
    }
    const anyTerm = sql.join(
      terms.map((term) => sql`tk_unaccent(${term}) || ':*'`),
      sql` || ' | ' || `,
    );
    rank = sql`(ts_rank(${SEARCH_DOCUMENT}, to_tsquery('simple', ${anyTerm})) + word_similarity(tk_unaccent(${q}), ${restaurants.searchName}))`;
  }
  if (input.cuisine?.trim()) conditions.push(sql`lower(${restaurants.cuisine}) = lower(${input.cuisine.trim()})`);
  if (input.city?.trim()) conditions.push(sql`lower(${restaurants.city}) = lower(${input.city.trim()})`);
  if (input.minRating !== undefined && Number.isFinite(input.minRating)) {
    // Compared on the running totals, exactly (no rounded average): sum >= min × count.
    conditions.push(sql`(${restaurants.ratingCount} > 0 and ${restaurants.ratingSum}::numeric >= ${String(input.minRating)}::numeric * ${restaurants.ratingCount})`);
  }
  if (input.maxPriceBand !== undefined && Number.isFinite(input.maxPriceBand)) {
    conditions.push(sql`${restaurants.priceBand} <= ${Math.floor(input.maxPriceBand)}`);
  }
  if (origin) {
    conditions.push(isNotNull(restaurants.latitude), isNotNull(restaurants.longitude));
    const radius = input.radiusKm;
    if (radius !== undefined) {
      if (!Number.isFinite(radius) || radius <= 0) throw invalidInput("Check the distance.", { radius_km: ["Must be a positive number of kilometres."] });
      // A latitude band first (cheap), then the exact distance.
      const band = radius / KM_PER_DEGREE_LAT;
      conditions.push(sql`${restaurants.latitude} between ${origin.lat - band}::float8 and ${origin.lat + band}::float8`);
      conditions.push(sql`${distanceKmFrom(origin)} <= ${radius}::float8`);
    }
  }
  if (input.experiences) {
    conditions.push(
      sql`exists (select 1 from ${experiences} where ${experiences.restaurantId} = ${restaurants.id} and ${experiences.published} and ${experiences.cancelledAt} is null and ${experiences.startsAt} > now())`,
    );
  }
  return { where: and(...conditions)!, rank };
}

/**
 * The filters and the result order (best rated first, or best text match, then name and id) as
 * named keys, so a query over a subquery of restaurants can order by the same keys without
 * repeating their expressions (a repeated expression with parameters is a different expression).
 */
function ordering(input: SearchInput, origin: SearchOrigin | null) {
  const { where, rank } = filters(input, origin);
  const byRating = input.sort === "rating";
  if (input.sort === "distance" && !origin) throw invalidInput("Sorting by distance needs a place or a location.", { sort: ["sort=distance needs near or place."] });
  // Nearest first when asked (the default with a place); otherwise distance only breaks ties.
  const byDistance = origin ? (input.sort === "distance" ? "first" : "tie") : null;
  const keys = {
    ...(byRating ? { ratingAverage: sql<number | null>`${restaurants.ratingSum}::float8 / nullif(${restaurants.ratingCount}, 0)`.as("rating_average") } : {}),
    ...(rank ? { textRank: sql<number>`${rank}`.as("text_rank") } : {}),
    ...(origin ? { distanceKm: sql<number>`${distanceKmFrom(origin)}`.as("distance_km") } : {}),
  };
  const inner: SQL[] = [
    ...(byDistance === "first" ? [sql`"distance_km" asc`] : []),
    ...(byRating ? [sql`"rating_average" desc nulls last`, desc(restaurants.ratingCount)] : []),
    ...(rank ? [sql`"text_rank" desc`] : []),
    ...(byDistance === "tie" ? [sql`"distance_km" asc`] : []),
    asc(restaurants.name),
    asc(restaurants.id),
  ];
  /** The same order over a subquery `c` of these rows (its columns keep their database names). */
  const outer = (c: SQL): SQL[] => [
    ...(byDistance === "first" ? [sql`${c}.distance_km asc`] : []),
    ...(byRating ? [sql`${c}.rating_average desc nulls last`, sql`${c}.rating_count desc`] : []),
    ...(rank ? [sql`${c}.text_rank desc`] : []),
    ...(byDistance === "tie" ? [sql`${c}.distance_km asc`] : []),
    sql`${c}.name asc`,
    sql`${c}.id asc`,
  ];
  return { where, keys, order: { inner, outer } };
}

/**
 * Published restaurants matching the filters, best match first (name order without text), best
 * rated first, or nearest first; with an origin, each with its distance.
 */
async function findRestaurants(db: DbOrTx, input: SearchInput, origin: SearchOrigin | null, limit: number, offset = 0): Promise<FoundItem[]> {
  const { where, keys, order } = ordering(input, origin);
  const rows = await db
    .select({ ...getTableColumns(restaurants), ...keys })
    .from(restaurants)
    .where(where)
    .orderBy(...order.inner)
    .limit(limit)
    .offset(offset);
  return rows.map((row) => withDistance({ restaurant: restaurantOf(row) }, "distanceKm" in row ? row.distanceKm : undefined));
}

/** The item with its distance, when the search had an origin (the driver may hand a float8 back as text). */
function withDistance(item: FoundItem, distance: unknown): FoundItem {
  return distance === undefined || distance === null ? item : { ...item, distanceKm: Number(distance) };
}

const RESTAURANT_KEYS = Object.keys(getTableColumns(restaurants)) as (keyof Restaurant)[];

/** The restaurant's own fields of a row that also carries search keys. */
function restaurantOf(row: Record<string, unknown>): Restaurant {
  return Object.fromEntries(RESTAURANT_KEYS.map((k) => [k, row[k]])) as Restaurant;
}

/**
 * Published restaurants matching text, cuisine and city, best match first (name order without text),
 * SEARCH_PAGE_SIZE per page, in one query per page and one for the page's photos (and one for a
 * place's middle, when searching near a place). With date, time and party size, only those with an
 * available table near that time, each with those slots (one statement: see searchWithAvailability).
 */
export async function searchRestaurants(db: DbOrTx, input: SearchInput, deps: { clock?: Clock } = {}): Promise<SearchResult> {
  const found = await findPage(db, input, deps.clock ?? systemClock);
  // One more query for the page's photos.
  const photos = await photosOf(
    db,
    found.items.map((i) => i.restaurant.id),
  );
  return { ...found, items: found.items.map((i) => ({ ...i, photos: photos.get(i.restaurant.id) ?? [] })) };
}

async function findPage(db: DbOrTx, input: SearchInput, clock: Clock): Promise<Found> {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const origin = await resolveOrigin(db, input);
  if (input.date && input.time && input.partySize) return searchWithAvailability(db, input, origin, page, clock);

  const rows = await findRestaurants(db, input, origin, SEARCH_PAGE_SIZE + 1, (page - 1) * SEARCH_PAGE_SIZE);
  return {
    items: rows.slice(0, SEARCH_PAGE_SIZE),
    nextPage: rows.length > SEARCH_PAGE_SIZE ? page + 1 : null,
    origin,
  };
}

/**
 * Only restaurants with a bookable table near the time, in the order of the text search, each with
 * its nearest bookable times: one statement whatever the page holds, however many restaurants match.
 * The statement applies the availability engine's rules (lib/availability/slots.ts) to the seatings
 * near the time, as sets (see nearAvailableSlotsSql); near-sql.int.test.ts holds it to the engine's own
 * answer case by case. Candidates are checked in result order and the scan stops once the page (and
 * one more, to know there is a next page) is found.
 */
async function searchWithAvailability(db: DbOrTx, input: SearchInput, origin: SearchOrigin | null, page: number, clock: Clock): Promise<Found> {
  const date = input.date!;
  const time = input.time!;
  const partySize = input.partySize!;
  const checked = z.object({ date: localDate, time: localTime, party_size: partySizeSchema }).safeParse({ date, time, party_size: partySize });
  if (!checked.success) throw invalidInput("Check the date, time and party size.", issueFields(checked.error));

  const { where, order, keys } = ordering(input, origin);
  // Candidates in result order; then, per candidate in that order, its near
  // slots (a lateral subquery, so the scan stops at the page's end). The outer order names the
  // inner one's output keys, which Postgres sees are already sorted: no second sort of everything.
  const candidates = db
    .select({ ...getTableColumns(restaurants), ...keys })
    .from(restaurants)
    .where(where)
    .orderBy(...order.inner);
  const slots = nearAvailableSlotsSql("candidate", { date, time, partySize, now: clock.now(), count: input.slotsPerRestaurant });
  // Prepared: planning this statement costs about as much as running it, so each connection plans it once.
  const rows = await executePrepared<Record<string, unknown> & { near_slots: NearSlotRow[] }>(db, sql`
    select candidate.*, near.near_slots
    from (${candidates}) candidate
    cross join lateral (select ${slots} as near_slots offset 0) near
    where near.near_slots is not null
    order by ${sql.join(order.outer(sql.raw("candidate")), sql`, `)}
    limit ${SEARCH_PAGE_SIZE + 1} offset ${(page - 1) * SEARCH_PAGE_SIZE}`);
  return {
    items: [...rows]
      .slice(0, SEARCH_PAGE_SIZE)
      .map((row) => withDistance({ restaurant: restaurantFromDriver(row), slots: row.near_slots.map(toNearSlot) }, origin ? row.distance_km : undefined)),
    nextPage: rows.length > SEARCH_PAGE_SIZE ? page + 1 : null,
    origin,
  };
}

/** A restaurant from a raw row of its columns (database names and driver values), as drizzle maps it. */
function restaurantFromDriver(row: Record<string, unknown>): Restaurant {
  return Object.fromEntries(
    Object.entries(getTableColumns(restaurants)).map(([key, column]) => {
      const value = row[column.name];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as Restaurant;
}

/**
 * The engine's answer the search statement is held to: the bookable slots nearest to the wanted
 * local `date` `time`, within NEAR_MINUTES of it, at most `count`, in time order. Seatings of the
 * previous service date count too: "00:30 on Saturday" is a seating of Friday's late session.
 */
export function nearestBookable(
  ctx: DayContext,
  date: string,
  time: string,
  partySize: number,
  now: Date,
  count = Infinity,
): Slot[] {
  return nearestOf(aroundDate(ctx, date, partySize, now), ctx.restaurant.timezone, date, time, count);
}

/** Every slot of the service dates `date` and the day before, in that order (for nearestOf). */
export function aroundDate(ctx: DayContext, date: string, partySize: number, now: Date): Slot[] {
  return [addDays(date, -1), date].flatMap((serviceDate) => computeAvailability(toAvailabilityInput(ctx, serviceDate, partySize, now)));
}

/** `nearestBookable` over slots already computed by aroundDate: one per instant, the earlier service date's. */
export function nearestOf(slots: Slot[], timezone: string, date: string, time: string, count = Infinity): Slot[] {
  const target = localInstant(timezone, date, time);
  if (target === null) return [];
  const seen = new Set<number>();
  return slotsNear(slots, timezone, date, time)
    .filter((s) => !seen.has(s.startsAt.getTime()) && seen.add(s.startsAt.getTime()))
    .sort((a, b) => distance(a, target) - distance(b, target) || a.startsAt.getTime() - b.startsAt.getTime())
    .slice(0, count)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

const distance = (s: Slot, at: number) => Math.abs(s.startsAt.getTime() - at);

function localInstant(timezone: string, date: string, time: string): number | null {
  return nearTarget(timezone, date, time)?.getTime() ?? null;
}

/** Available slots within NEAR_MINUTES of the local `date` `time` (a time in a DST gap counts from just after it). */
export function slotsNear(slots: Slot[], timezone: string, date: string, time: string): Slot[] {
  const at = localInstant(timezone, date, time);
  if (at === null) return [];
  return slots.filter((s) => s.available && Math.abs(s.startsAt.getTime() - at) <= NEAR_MINUTES * 60_000);
}
