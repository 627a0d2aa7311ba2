import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { assertPartySize, toAvailabilityInput, withoutBooking } from "@/lib/availability";
import { candidateServiceDates, loadDayContext, loadInstantContext, type DayContext } from "@/lib/availability/load";
import { addDays } from "@/lib/availability/calendar";
import { nearestInTime } from "@/lib/availability/nearest";
import { computeAvailability, findSlot, fittingTables, isBlocking, type Slot } from "@/lib/availability/slots";
import { availabilityVersionKey } from "@/lib/availability/version";
import { systemClock, type Clock } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { hasIdempotencyKey, recordEffect } from "@/lib/idempotency/effect";
import { DomainError, notFound } from "@/lib/errors";
import { publishEvents } from "@/lib/jobs/events";
import { getKv } from "@/lib/redis";
import type { Kv, RateLimitSpec } from "@/lib/redis/types";
import { can, getMemberRole } from "@/lib/restaurants/access";
import { authorizeChange } from "./change";
import { PlacementRefused, placeOnFirstFreeTable } from "./placement";
import { toView } from "./records";
import { newManageToken } from "./secrets";
import { onTable, type ReservationAccess, type TableReservationView } from "./view";

export interface HoldInput {
  restaurantId: string;
  startsAt: Date;
  partySize: number;
  /** Members only: place the hold on this table. */
  tableId?: string | null;
  principal: Principal | null;
  /**
   * Who is holding, for the active-hold limits: `user:<id>` for an account, `bs:<id>` for a browser's
   * booking session, `ip:<address>` for an API client without an account.
   */
  holderKey: string;
  /**
   * The holder is a person (an account or a browser): one active hold per restaurant, so choosing
   * another time replaces their previous hold in the same transaction.
   */
  oneHoldPerRestaurant?: boolean;
  /**
   * Ask before holding a time that overlaps the holder's own confirmed booking at this restaurant
   * (the web asks the diner whether they meant to change it; `false` once they said no).
   */
  askIfOverlapping?: boolean;
  /** Limits per client address (the trusted one), on top of the per-holder limits. */
  clientAddress?: string;
  source: "web" | "api";
  /**
   * A change to a confirmed reservation the caller may manage (their session, or the guest's manage
   * token): confirming this hold moves that reservation here (same code, link and details).
   */
  replaces?: { reservationId: string; access: ReservationAccess } | null;
  /**
   * A hold the waitlist places for the diner at the head of its queue: a person with an address, so
   * the anonymous share (a cap on faceless clients) does not apply.
   */
  forWaitlist?: boolean;
}

export interface HoldResult {
  reservation: TableReservationView;
  /** Shown once; only its hash is stored. */
  manageToken: string;
}

export interface AlternativeTime {
  startsAt: Date;
  localTime: string;
}

const RATE_WINDOW_SECONDS = 60;

/** Hold requests per holder and per client address per minute (when Redis is up). Tables and seats alike. */
export function holdRateLimits(holderKey: string, clientAddress?: string): RateLimitSpec[] {
  const limit = getEnv().HOLD_RATE_LIMIT_PER_MINUTE;
  return [...new Set([holderKey, ...(clientAddress ? [`ip:${clientAddress}`] : [])])].map((key) => ({
    identifier: `rl:hold:${key}`,
    limit,
    windowSeconds: RATE_WINDOW_SECONDS,
  }));
}

/** Counts a hold request against `holdRateLimits`; refuses it when one is reached. */
export async function assertHoldRate(kv: Kv, holderKey: string, clientAddress?: string): Promise<void> {
  for (const l of holdRateLimits(holderKey, clientAddress)) {
    const verdict = await kv.rateLimit(l.identifier, l.limit, l.windowSeconds);
    if (!verdict.allowed) throw rateLimited(verdict.retryAfter);
  }
}

/** The nearest bookable times to `around` on the same day, for "that time was just taken" messages. */
export function nearestAlternatives(slots: Slot[], around: Date, count = 4): AlternativeTime[] {
  const free = slots.filter((s) => s.available);
  return nearestInTime(free, (s) => s.startsAt.getTime(), around, count).map((s) => ({ startsAt: s.startsAt, localTime: s.localTime }));
}

function slotUnavailable(message: string, alternatives: AlternativeTime[]): DomainError {
  return new DomainError("slot_unavailable", message, {
    details: { alternatives: alternatives.map((a) => ({ starts_at: a.startsAt.toISOString(), local_time: a.localTime })) },
  });
}

const POLICY_MESSAGES: Record<string, string> = {
  past: "That time has already passed.",
  too_soon: "That time is too soon to book online.",
  too_far: "That date is beyond how far ahead this restaurant takes bookings.",
  party_size: "This restaurant does not take online bookings for that party size.",
};

/** Finds the seating `startsAt` belongs to: on its own local date, or the day before (past midnight). */
export function locateSeating(ctx: DayContext, startsAt: Date, partySize: number, now: Date, includeOffline: boolean) {
  for (const date of candidateServiceDates(startsAt, ctx.restaurant.timezone)) {
    const input = toAvailabilityInput(ctx, date, partySize, now, includeOffline);
    const slot = findSlot(input, startsAt);
    if (slot) return { date, slot, input };
  }
  return null;
}

/**
 * Holds the best-fitting free table for a party at one of the day's seatings. Fails fast with 423
 * when every fitting table is mid-booking by someone else, 409 with alternatives when none is free.
 */
export async function holdTable(db: Db, input: HoldInput, deps: { clock?: Clock; kv?: Kv } = {}): Promise<HoldResult> {
  const clock = deps.clock ?? systemClock;
  const kv = deps.kv ?? getKv();
  const now = clock.now();

  // Every attempt counts against these limits. A hold that gets as far as locking a table counts in
  // the lock's Redis round trip; one refused before that counts on its way out (refusals are rare).
  const limits = holdRateLimits(input.holderKey, input.clientAddress);
  let counted = false;
  try {
    return await placeHold(db, kv, input, now, limits, () => {
      counted = true;
    });
  } catch (e) {
    if (!counted && !(e instanceof DomainError && e.code === "rate_limited")) await assertHoldRate(kv, input.holderKey, input.clientAddress);
    throw e;
  }
}

export const rateLimited = (retryAfter: number) =>
  new DomainError("rate_limited", "Too many booking attempts; wait a moment and try again.", { retryAfter });

async function placeHold(db: Db, kv: Kv, input: HoldInput, now: Date, limits: RateLimitSpec[], markCounted: () => void): Promise<HoldResult> {
  const env = getEnv();
  const dates = candidateServiceDates(input.startsAt, "UTC");
  // The two service dates the instant could belong to, whatever the zone, but only the bookings
  // around that instant: one round trip, sized by the seating, not by the restaurant's days.
  const ctx = await loadInstantContext(db, input.restaurantId, input.startsAt, addDays(dates[0]!, -2), addDays(dates[0]!, 1));
  if (!ctx) throw notFound("Restaurant");
  const role = input.principal ? await getMemberRole(db, ctx.restaurant.id, input.principal.userId) : null;
  const isStaff = can(role, "book.manage");
  if (!ctx.restaurant.published && !role) throw notFound("Restaurant");
  if (input.tableId && !isStaff) {
    throw new DomainError("forbidden", "Only the restaurant's staff can choose a table.");
  }
  assertPartySize(ctx, input.partySize);
  const replacesId = input.replaces ? (await authorizeChange(db, input.replaces, ctx.restaurant.id, now)).row.id : null;

  // A person's own hold here does not stand in the way of the time they choose instead: it is
  // released in the same transaction that places the new one.
  const personal = !!input.oneHoldPerRestaurant && !isStaff;
  if (personal) ctx.reservations = ctx.reservations.filter((r) => !(r.status === "held" && r.holderKey === input.holderKey));
  // Nor does the booking being changed: its own table and covers are free for its new time (the
  // overlap constraint lets a change's hold overlap its original, and nothing else).
  if (replacesId) ctx.reservations = withoutBooking(ctx.reservations, replacesId);

  const located = locateSeating(ctx, input.startsAt, input.partySize, now, isStaff);
  if (!located) {
    throw new DomainError("outside_policy", "That time is not one of the restaurant's seatings.", {
      fields: { starts_at: ["Choose one of the day's seatings."] },
    });
  }
  const { slot } = located;
  if (slot.reason && slot.reason in POLICY_MESSAGES) {
    throw new DomainError("outside_policy", POLICY_MESSAGES[slot.reason]!);
  }
  // The context holds only this seating's bookings: suggestions read the whole day afresh.
  const alternatives = () => freshAlternatives(db, ctx.restaurant.id, input, now);
  if (slot.reason === "private_event") {
    throw slotUnavailable("The dining room is closed for a private event then.", await alternatives());
  }
  if (slot.reason === "paced") {
    throw slotUnavailable("The kitchen is fully booked at that time.", await alternatives());
  }

  let candidates: string[];
  if (input.tableId) {
    candidates = [chosenTable(ctx, input.tableId, input.partySize)];
  } else {
    // Tables that look free first (best fit), then fitting tables blocked only by a hold that has
    // lapsed by the database's clock but not yet by ours: the transaction expires those.
    const fitting = fittingTables(ctx.tables, input.partySize, { includeOffline: isStaff }).map((t) => t.id);
    candidates = [...slot.freeTableIds, ...fitting.filter((id) => !slot.freeTableIds.includes(id) && onlyStaleHoldsBlock(ctx, id, slot, now))];
  }
  if (candidates.length === 0) throw slotUnavailable("That time was just taken.", await alternatives());
  if (input.askIfOverlapping && !isStaff) {
    await assertNoOverlappingBooking(db, ctx, input, slot, replacesId);
  }
  const anonymousCaps =
    !input.principal && !input.forWaitlist && ctx.restaurant.anonymousHoldSharePct < 100
      ? anonymousHoldCaps(ctx.restaurant.anonymousHoldSharePct, fittingTables(ctx.tables, input.partySize, { includeOffline: false }).length, ctx.tables.filter((t) => t.active && t.online).length)
      : null;
  if (anonymousCaps?.service === 0) {
    throw new DomainError("unauthenticated", "This restaurant takes online bookings from signed-in diners. Sign in to hold a table.");
  }

  const session = ctx.sessions.find((s) => s.id === slot.sessionId);
  const pacing = session?.maxCoversPerSlot ?? null;
  const manage = newManageToken();
  const outcome = await placeOnFirstFreeTable(db, kv, candidates, {
    restaurantId: ctx.restaurant.id,
    serviceDate: slot.serviceDate,
    sessionId: slot.sessionId,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    partySize: input.partySize,
    status: "held",
    source: input.source,
    holdMinutes: ctx.restaurant.holdMinutes,
    userId: input.principal?.userId ?? null,
    holderKey: input.holderKey,
    clientAddress: input.clientAddress ?? null,
    manageTokenHash: manage.hash,
    replacesId,
    seats: new Map(ctx.tables.map((t) => [t.id, t])),
    // The first table's lock and the attempt's rate limits: one Redis round trip.
    lockFirst: async (key, ttlMs) => {
      const { rate, lock } = await kv.limitAndLock(limits, key, ttlMs);
      markCounted();
      if (!rate.allowed) throw rateLimited(rate.retryAfter);
      return lock!;
    },
    bumpOnSuccess: availabilityVersionKey(ctx.restaurant.id),
    mayHaveLapsedHolds: (tableId) =>
      ctx.reservations.some((r) => r.tableId === tableId && r.status === "held" && r.startsAt < slot.endsAt && r.endsAt > slot.startsAt),
    // With an Idempotency-Key the key is marked in the hold's own transaction; without one the hold
    // is a single statement.
    after: hasIdempotencyKey() ? (tx, row) => recordEffect(tx, { id: row.id, secret: manage.token }) : undefined,
    // Serialised, in this order: the holder's concurrent holds (so a burst cannot all count the same
    // total), anonymous holds at this service, and covers starting at this instant.
    locks: [
      `holder:${input.holderKey}`,
      ...(anonymousCaps ? [`anon:${ctx.restaurant.id}:${slot.serviceDate}`] : []),
      ...(pacing ? [`pace:${ctx.restaurant.id}:${slot.startsAt.toISOString()}`] : []),
    ],
    limits: {
      releaseHolderHolds: personal,
      holderLimit: env.HOLD_LIMIT_PER_HOLDER,
      anonymousCaps,
      maxCovers: pacing,
      changing: replacesId,
    },
  }).catch((e: unknown) => {
    throw e instanceof PlacementRefused ? refusal(e, env.HOLD_LIMIT_PER_HOLDER) : e;
  });
  if (!outcome.ok) {
    if (outcome.locked > 0) {
      throw new DomainError("slot_locked", "Someone else is booking that table right now; try again in a moment.", {
        retryAfter: 1,
      });
    }
    throw slotUnavailable("That time was just taken.", await alternatives());
  }

  const row = outcome.row;
  await publishEvents([
    {
      name: "reservation/held",
      id: `held-${row.id}`,
      data: { id: row.id, restaurant_id: row.restaurantId, hold_expires_at: row.holdExpiresAt!.toISOString() },
    },
  ]);
  const label = ctx.tables.find((t) => t.id === row.tableId)?.label ?? "";
  return { reservation: onTable(toView(row, label)), manageToken: manage.token };
}

/**
 * The day as it is now, for suggestions after losing a race: the snapshot read before placing the
 * hold still shows the winner's time as free, and losing a race is when good suggestions matter most.
 */
async function freshAlternatives(db: Db, restaurantId: string, input: HoldInput, now: Date): Promise<AlternativeTime[]> {
  const utcDate = input.startsAt.toISOString().slice(0, 10);
  const ctx = await loadDayContext(db, restaurantId, addDays(utcDate, -2), addDays(utcDate, 1));
  const located = ctx ? locateSeating(ctx, input.startsAt, input.partySize, now, false) : null;
  if (!located) return [];
  const others = computeAvailability(located.input).filter((s) => s.startsAt.getTime() !== input.startsAt.getTime());
  return nearestAlternatives(others, input.startsAt);
}

/** A table staff picked by hand: it must exist in this restaurant, be active and seat the party. */
export function chosenTable(ctx: DayContext, tableId: string, partySize: number): string {
  const table = ctx.tables.find((t) => t.id === tableId);
  if (!table || !table.active) throw notFound("Table");
  if (partySize > table.maxSeats) {
    throw new DomainError("invalid_input", `Table ${table.label} seats at most ${table.maxSeats}.`, {
      fields: { table_id: [`Seats at most ${table.maxSeats}.`] },
    });
  }
  return table.id;
}

function onlyStaleHoldsBlock(ctx: DayContext, tableId: string, slot: Slot, now: Date): boolean {
  const soon = new Date(now.getTime() + 5_000);
  return ctx.reservations
    .filter((r) => r.tableId === tableId && r.startsAt < slot.endsAt && r.endsAt > slot.startsAt && isBlocking(r, now))
    .every((r) => r.status === "held" && r.holdExpiresAt !== null && r.holdExpiresAt <= soon);
}


/**
 * How many tables diners who are not signed in may hold at once at one restaurant: a share of the
 * tables that fit the party at one seating, and the same share of the service's tables. At least one
 * each unless the share is 0 (holding then needs an account).
 */
export function anonymousHoldCaps(sharePct: number, fittingTables: number, serviceTables: number): { seating: number; service: number } {
  const cap = (n: number) => (sharePct <= 0 ? 0 : Math.max(1, Math.ceil((n * sharePct) / 100)));
  return { seating: cap(fittingTables), service: cap(serviceTables) };
}

/**
 * A diner who already has a booking here at an overlapping time is asked whether they meant to
 * change it, instead of silently getting a second table.
 */
async function assertNoOverlappingBooking(db: Db, ctx: DayContext, input: HoldInput, slot: Slot, replacesId: string | null) {
  const who = input.principal ? sql`(user_id = ${input.principal.userId}::uuid or holder_key = ${input.holderKey})` : sql`holder_key = ${input.holderKey}`;
  const rows = (await db.execute(sql`
    select code, starts_at from reservations
    where restaurant_id = ${ctx.restaurant.id} and status in ('confirmed', 'seated') and ${who}
      and period && tstzrange(${slot.startsAt.toISOString()}::timestamptz, ${slot.endsAt.toISOString()}::timestamptz, '[)')
      and (${replacesId}::uuid is null or id <> ${replacesId}::uuid)
    order by starts_at limit 1`)) as unknown as { code: string; starts_at: string | Date }[];
  const existing = rows[0];
  if (!existing) return;
  const startsAt = new Date(existing.starts_at);
  const localTime = DateTime.fromJSDate(startsAt, { zone: ctx.restaurant.timezone }).toFormat("HH:mm");
  throw new DomainError(
    "conflict",
    `You already have a booking here at ${localTime} that day. Change that booking instead, or book another table as well.`,
    { details: { reason: "overlapping_booking", existing: { code: existing.code, starts_at: startsAt.toISOString(), local_time: localTime } } },
  );
}


/**
 * A limit the hold's statement found reached (each counted after its advisory lock, so it sees every
 * hold committed before it): the holder's active holds (a database check, so it holds with Redis down
 * and under bursts); no anonymous client, however many addresses it fakes, holds more than the
 * restaurant's share of a seating or a service; pacing (covers starting per slot).
 */
function refusal(e: PlacementRefused, holderLimit: number): DomainError {
  if (e.limit === "holder_limit") {
    return new DomainError("rate_limited", `You already hold ${holderLimit} tables. Confirm or release one before holding another.`, {
      retryAfter: 60,
    });
  }
  if (e.limit === "anonymous_share") {
    return new DomainError(
      "rate_limited",
      "Many guests are holding tables here right now. Sign in to hold one now, or try again in a few minutes.",
      { retryAfter: Math.max(1, Math.min(e.firstLapseSeconds ?? 60, 600)), details: { reason: "anonymous_share" } },
    );
  }
  return new DomainError("slot_unavailable", "The kitchen is fully booked at that time.");
}
