import type { DbOrTx } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { systemClock, type Clock } from "@/lib/clock";
import { DomainError, notFound } from "@/lib/errors";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { getMemberRole } from "@/lib/restaurants/access";
import { loadDayContext, type DayContext } from "./load";
import { computeAvailability, isBlocking, type AvailabilityInput, type Slot } from "./slots";
import { availabilityVersionKey } from "./version";

export interface AvailabilitySlot {
  startsAt: Date;
  localTime: string;
  available: boolean;
  tablesLeft: number;
  reason: Slot["reason"];
}

export interface AvailabilityView {
  restaurantId: string;
  date: string;
  timezone: string;
  partySize: number;
  slots: AvailabilitySlot[];
}

/** Cached answers live at most this long, and never past the next moment time alone changes them. */
const MAX_CACHE_MS = 30_000;

export function toAvailabilityInput(
  ctx: DayContext,
  date: string,
  partySize: number,
  now: Date,
  includeOffline = false,
): AvailabilityInput {
  const r = ctx.restaurant;
  return {
    timezone: r.timezone,
    date,
    partySize,
    now,
    policy: {
      minPartySize: r.minPartySize,
      maxPartySize: r.maxPartySize,
      bookingWindowDays: r.bookingWindowDays,
      minNoticeMinutes: r.minNoticeMinutes,
    },
    sessions: ctx.sessions,
    closures: ctx.closures,
    tables: ctx.tables,
    reservations: ctx.reservations,
    blackouts: ctx.blackouts,
    includeOffline,
  };
}

export function assertPartySize(ctx: DayContext, partySize: number): void {
  const { minPartySize, maxPartySize } = ctx.restaurant;
  if (partySize < minPartySize || partySize > maxPartySize) {
    throw new DomainError(
      "outside_policy",
      `This restaurant takes online bookings for ${minPartySize} to ${maxPartySize} guests.`,
      { fields: { party_size: [`Must be between ${minPartySize} and ${maxPartySize}.`] } },
    );
  }
}

/** How long an answer computed now stays true with no change: until a hold lapses or a slot's notice passes. */
function cacheLifetime(ctx: DayContext, slots: Slot[], now: Date): number {
  let until = now.getTime() + MAX_CACHE_MS;
  for (const r of ctx.reservations) {
    if (r.status === "held" && r.holdExpiresAt && isBlocking(r, now))
      until = Math.min(until, r.holdExpiresAt.getTime());
  }
  const noticeMs = ctx.restaurant.minNoticeMinutes * 60_000;
  for (const s of slots) {
    const edge = s.startsAt.getTime() - noticeMs;
    if (edge > now.getTime()) until = Math.min(until, edge);
  }
  return Math.max(0, until - now.getTime());
}

interface CachedDay {
  restaurantId: string;
  timezone: string;
  slots: { startsAt: string; localTime: string; available: boolean; tablesLeft: number; reason: Slot["reason"] }[];
}

type AvailabilityRequest = { restaurant: string; date: string; partySize: number; principal?: Principal | null; changing?: string };

/**
 * The day's slots for a party, in the restaurant's zone. Published restaurants are public; a draft
 * is visible to its members only. Cached in Redis under the restaurant's availability version.
 *
 * `changing` is a booking the caller was already allowed to change (by the reservations service):
 * the day is seen as if it were not there, with any pending change of it, so its own table and
 * covers are free for its new time, as the hold for that change will find them. Such an answer is
 * one person's view and is never cached.
 */
export async function getAvailability(db: DbOrTx, input: AvailabilityRequest, deps: { clock?: Clock; kv?: Kv } = {}): Promise<AvailabilityView> {
  const kv = deps.kv ?? getKv();
  const { version, value: hit } = await readCached<CachedDay>(kv, "avail:d:", input);
  if (hit) return fromCache(hit, input.date, input.partySize);
  const { day, ttl } = await computeDay(db, input, (deps.clock ?? systemClock).now());
  if (version !== null && ttl !== null) await kv.setJson(cacheKey("avail:d:", input, version), day, ttl);
  return fromCache(day, input.date, input.partySize);
}

/**
 * The same answer already rendered as text by `form.render` (an API's JSON), cached as that text
 * under the same version, so a repeated day costs one Redis read and no parsing or rendering. `form.name`
 * keeps each rendering's entries apart.
 */
export async function getAvailabilityText(
  db: DbOrTx,
  input: AvailabilityRequest,
  form: { name: string; render: (day: AvailabilityView) => string },
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<string> {
  const kv = deps.kv ?? getKv();
  const prefix = `avail:${form.name}:`;
  const { version, value: hit } = await readCached<string>(kv, prefix, input);
  if (typeof hit === "string") return hit;
  const { day, ttl } = await computeDay(db, input, (deps.clock ?? systemClock).now());
  const text = form.render(fromCache(day, input.date, input.partySize));
  if (version !== null && ttl !== null) await kv.setJson(cacheKey(prefix, input, version), text, ttl);
  return text;
}


const cacheKey = (prefix: string, input: AvailabilityRequest, version: number) =>
  `${prefix}${input.restaurant}:${version}:${input.date}:${input.partySize}`;

/**
 * The version is read before the data, so a change racing this read can only make the entry older
 * than its key says, never newer: the next reader after the bump misses and recomputes. Version and
 * entry come in one Redis round trip. A signed-in caller's answer is computed afresh (and cached for
 * others); one seen as if a booking were not there is neither read nor cached.
 */
async function readCached<T>(kv: Kv, prefix: string, input: AvailabilityRequest): Promise<{ version: number | null; value: T | null }> {
  if (input.changing) return { version: null, value: null };
  const versionKey = availabilityVersionKey(input.restaurant);
  if (input.principal) return { version: await kv.getVersion(versionKey), value: null };
  return kv.getVersionedJson<T>(versionKey, `${prefix}${input.restaurant}:`, `:${input.date}:${input.partySize}`);
}

/** The day computed from the database, and how long it may be cached (null: not at all). */
async function computeDay(db: DbOrTx, input: AvailabilityRequest, now: Date): Promise<{ day: CachedDay; ttl: number | null }> {
  const ctx = await loadDayContext(db, input.restaurant, input.date);
  if (!ctx) throw notFound("Restaurant");
  if (!ctx.restaurant.published) {
    const role = input.principal ? await getMemberRole(db, ctx.restaurant.id, input.principal.userId) : null;
    if (!role) throw notFound("Restaurant");
  }
  assertPartySize(ctx, input.partySize);
  if (input.changing) ctx.reservations = withoutBooking(ctx.reservations, input.changing);
  const slots = computeAvailability(toAvailabilityInput(ctx, input.date, input.partySize, now));
  const day: CachedDay = {
    restaurantId: ctx.restaurant.id,
    timezone: ctx.restaurant.timezone,
    slots: slots.map((s) => ({
      startsAt: s.startsAt.toISOString(),
      localTime: s.localTime,
      available: s.available,
      tablesLeft: s.tablesLeft,
      reason: s.reason,
    })),
  };
  // Only the id-keyed form is cached: slug lookups share the version key only when callers pass the id.
  if (input.changing || !ctx.restaurant.published || input.restaurant !== ctx.restaurant.id) return { day, ttl: null };
  const ttl = cacheLifetime(ctx, slots, now);
  return { day, ttl: ttl > 1000 ? ttl : null };
}

/** The day's bookings less one booking and its pending change (a hold naming it in `replaces_id`). */
export function withoutBooking<R extends { id: string; replacesId?: string | null }>(rows: R[], bookingId: string): R[] {
  return rows.filter((r) => r.id !== bookingId && r.replacesId !== bookingId);
}

function fromCache(day: CachedDay, date: string, partySize: number): AvailabilityView {
  return {
    restaurantId: day.restaurantId,
    date,
    timezone: day.timezone,
    partySize,
    slots: day.slots.map((s) => ({ ...s, startsAt: new Date(s.startsAt) })),
  };
}

export { bumpAvailabilityVersion } from "./version";
