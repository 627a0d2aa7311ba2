import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db, Tx } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { assertPartySize, toAvailabilityInput } from "@/lib/availability";
import { candidateServiceDates, loadDayContext, type DayContext } from "@/lib/availability/load";
import { nearestInTime } from "@/lib/availability/nearest";
import { computeAvailability, findSlot, fittingTables, isBlocking, type Slot } from "@/lib/availability/slots";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { systemClock, type Clock } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { recordEffect } from "@/lib/idempotency/effect";
import { DomainError, notFound } from "@/lib/errors";
import { publishEvents } from "@/lib/jobs/events";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { can, getMemberRole } from "@/lib/restaurants/access";
import { placeOnFirstFreeTable } from "./placement";
import { toView } from "./records";
import { newManageToken } from "./secrets";
import { loadAuthorized } from "./records";
import type { ReservationAccess, ReservationView } from "./view";

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
  reservation: ReservationView;
  /** Shown once; only its hash is stored. */
  manageToken: string;
}

export interface AlternativeTime {
  startsAt: Date;
  localTime: string;
}

const RATE_WINDOW_SECONDS = 60;

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
  const env = getEnv();
  const now = clock.now();

  const rateKeys = [input.holderKey, ...(input.clientAddress ? [`ip:${input.clientAddress}`] : [])];
  for (const key of new Set(rateKeys)) {
    const limit = await kv.rateLimit(`rl:hold:${key}`, env.HOLD_RATE_LIMIT_PER_MINUTE, RATE_WINDOW_SECONDS);
    if (!limit.allowed) {
      throw new DomainError("rate_limited", "Too many booking attempts; wait a moment and try again.", {
        retryAfter: limit.retryAfter,
      });
    }
  }

  const dates = candidateServiceDates(input.startsAt, "UTC");
  // Load the two service dates the instant could belong to in one round trip, whatever the zone.
  const ctx = await loadDayContext(db, input.restaurantId, addDaysIso(dates[0]!, -2), addDaysIso(dates[0]!, 1));
  if (!ctx) throw notFound("Restaurant");
  const role = input.principal ? await getMemberRole(db, ctx.restaurant.id, input.principal.userId) : null;
  const isStaff = can(role, "book.manage");
  if (!ctx.restaurant.published && !role) throw notFound("Restaurant");
  if (input.tableId && !isStaff) {
    throw new DomainError("forbidden", "Only the restaurant's staff can choose a table.");
  }
  assertPartySize(ctx, input.partySize);
  const replacesId = input.replaces ? await authorizeChange(db, input.replaces, ctx.restaurant.id, now) : null;

  // A person's own hold here does not stand in the way of the time they choose instead: it is
  // released in the same transaction that places the new one.
  const personal = !!input.oneHoldPerRestaurant && !isStaff;
  if (personal) ctx.reservations = ctx.reservations.filter((r) => !(r.status === "held" && r.holderKey === input.holderKey));
  // Nor does the booking being changed: its own table and covers are free for its new time (the
  // overlap constraint lets a change's hold overlap its original, and nothing else).
  if (replacesId) ctx.reservations = ctx.reservations.filter((r) => r.id !== replacesId && r.replacesId !== replacesId);

  const located = locateSeating(ctx, input.startsAt, input.partySize, now, isStaff);
  if (!located) {
    throw new DomainError("outside_policy", "That time is not one of the restaurant's seatings.", {
      fields: { starts_at: ["Choose one of the day's seatings."] },
    });
  }
  const { slot, input: dayInput } = located;
  if (slot.reason && slot.reason in POLICY_MESSAGES) {
    throw new DomainError("outside_policy", POLICY_MESSAGES[slot.reason]!);
  }
  const alternatives = () => nearestAlternatives(computeAvailability(dayInput), input.startsAt);
  if (slot.reason === "paced") {
    throw slotUnavailable("The kitchen is fully booked at that time.", alternatives());
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
  if (candidates.length === 0) throw slotUnavailable("That time was just taken.", alternatives());
  if (input.askIfOverlapping && !isStaff) {
    await assertNoOverlappingBooking(db, ctx, input, slot, replacesId);
  }
  const anonymousCaps =
    !input.principal && !input.forWaitlist && ctx.restaurant.anonymousHoldSharePct < 100
      ? anonymousHoldCaps(ctx.restaurant.anonymousHoldSharePct, fittingTables(ctx.tables, input.partySize, { includeOffline: false }).length, ctx.tables.filter((t) => t.active && t.online).length)
      : null;

  const session = ctx.sessions.find((s) => s.id === slot.sessionId);
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
    after: (tx, row) => recordEffect(tx, { id: row.id, secret: manage.token }),
    guard: async (tx) => {
      await lockHolder(tx, input.holderKey);
      if (personal) await releaseHoldsOf(tx, ctx.restaurant.id, input.holderKey);
      await assertHolderUnderLimit(tx, input.holderKey, env.HOLD_LIMIT_PER_HOLDER);
      if (anonymousCaps) await assertAnonymousShare(tx, ctx.restaurant.id, slot, anonymousCaps);
      if (session?.maxCoversPerSlot) {
        await assertPacing(tx, ctx.restaurant.id, slot.startsAt, input.partySize, session.maxCoversPerSlot, replacesId);
      }
    },
  });
  if (!outcome.ok) {
    if (outcome.locked > 0) {
      throw new DomainError("slot_locked", "Someone else is booking that table right now; try again in a moment.", {
        retryAfter: 1,
      });
    }
    throw slotUnavailable("That time was just taken.", await freshAlternatives(db, ctx.restaurant.id, input, now));
  }

  await bumpAvailabilityVersion(ctx.restaurant.id);
  const row = outcome.row;
  await publishEvents([
    {
      name: "reservation/held",
      id: `held-${row.id}`,
      data: { id: row.id, restaurant_id: row.restaurantId, hold_expires_at: row.holdExpiresAt!.toISOString() },
    },
  ]);
  const label = ctx.tables.find((t) => t.id === row.tableId)?.label ?? "";
  return { reservation: toView(row, label), manageToken: manage.token };
}

/**
 * The day as it is now, for suggestions after losing a race: the snapshot read before placing the
 * hold still shows the winner's time as free, and losing a race is when good suggestions matter most.
 */
async function freshAlternatives(db: Db, restaurantId: string, input: HoldInput, now: Date): Promise<AlternativeTime[]> {
  const utcDate = input.startsAt.toISOString().slice(0, 10);
  const ctx = await loadDayContext(db, restaurantId, addDaysIso(utcDate, -2), addDaysIso(utcDate, 1));
  const located = ctx ? locateSeating(ctx, input.startsAt, input.partySize, now, false) : null;
  if (!located) return [];
  const others = computeAvailability(located.input).filter((s) => s.startsAt.getTime() !== input.startsAt.getTime());
  return nearestAlternatives(others, input.startsAt);
}

/** A change must be to a confirmed reservation at the same restaurant that the caller may manage, before the cut-off. */
async function authorizeChange(
  db: Db,
  replaces: NonNullable<HoldInput["replaces"]>,
  restaurantId: string,
  now: Date,
): Promise<string> {
  const { loaded, accessor } = await loadAuthorized(db, replaces.reservationId, replaces.access);
  if (loaded.row.restaurantId !== restaurantId) {
    throw new DomainError("invalid_input", "A change stays at the same restaurant. Cancel this booking and book the other restaurant instead.");
  }
  if (loaded.row.status !== "confirmed") {
    throw new DomainError("invalid_transition", "Only a confirmed reservation can be changed.");
  }
  const cutoff = loaded.row.startsAt.getTime() - loaded.restaurant.cancellationCutoffMinutes * 60_000;
  if (accessor.kind !== "member" && now.getTime() >= cutoff) {
    throw new DomainError("outside_policy", "It is too close to the booking to change it online. Please call the restaurant.");
  }
  return loaded.row.id;
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

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Serialises one holder's concurrent holds (only theirs), so a burst cannot all count the same total. */
async function lockHolder(tx: Tx, holderKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`holder:${holderKey}`}, 0))`);
}

/**
 * One active hold per person and restaurant: their earlier holds here are released (held → cancelled)
 * inside the transaction that places the new one, so if the new one fails they keep the old one.
 */
async function releaseHoldsOf(tx: Tx, restaurantId: string, holderKey: string): Promise<void> {
  await tx.execute(sql`
    update reservations set status = 'cancelled', cancelled_at = now(), version = version + 1, updated_at = now()
    where restaurant_id = ${restaurantId} and holder_key = ${holderKey} and status = 'held'`);
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
 * No anonymous client, however many addresses it fakes, holds more than the restaurant's share of a
 * seating or a service. Serialised per restaurant and service day, like the holder limit.
 */
async function assertAnonymousShare(tx: Tx, restaurantId: string, slot: Slot, caps: { seating: number; service: number }): Promise<void> {
  if (caps.service === 0) {
    throw new DomainError("unauthenticated", "This restaurant takes online bookings from signed-in diners. Sign in to hold a table.");
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`anon:${restaurantId}:${slot.serviceDate}`}, 0))`);
  const [row] = (await tx.execute(sql`
    select count(*) filter (where starts_at = ${slot.startsAt.toISOString()}::timestamptz)::int as at_seating,
           count(*)::int as in_service,
           ceil(extract(epoch from min(hold_expires_at) - now()))::int as first_lapse
    from reservations
    where restaurant_id = ${restaurantId} and service_date = ${slot.serviceDate}::date
      and session_id is not distinct from ${slot.sessionId}::uuid
      and user_id is null and status = 'held' and hold_expires_at > now()`)) as unknown as {
    at_seating: number;
    in_service: number;
    first_lapse: number | null;
  }[];
  if (row && (row.at_seating >= caps.seating || row.in_service >= caps.service)) {
    throw new DomainError(
      "rate_limited",
      "Many guests are holding tables here right now. Sign in to hold one now, or try again in a few minutes.",
      { retryAfter: Math.max(1, Math.min(row.first_lapse ?? 60, 600)), details: { reason: "anonymous_share" } },
    );
  }
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

/** The active-hold limit is a database check, so it holds with Redis down and under bursts. */
async function assertHolderUnderLimit(tx: Tx, holderKey: string, limit: number): Promise<void> {
  const rows = (await tx.execute(sql`
    select count(*)::int as n from reservations
    where holder_key = ${holderKey} and status = 'held' and hold_expires_at > now()`)) as unknown as { n: number }[];
  if ((rows[0]?.n ?? 0) >= limit) {
    throw new DomainError(
      "rate_limited",
      `You already hold ${limit} tables. Confirm or release one before holding another.`,
      { retryAfter: 60 },
    );
  }
}

/**
 * Pacing (covers starting per slot) spans tables, so the exclusion constraint cannot enforce it; a
 * transaction-scoped advisory lock per restaurant and instant serialises just the bookings it concerns.
 */
async function assertPacing(tx: Tx, restaurantId: string, startsAt: Date, partySize: number, maxCovers: number, changing: string | null) {
  const at = startsAt.toISOString();
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`pace:${restaurantId}:${at}`}, 0))`);
  const rows = (await tx.execute(sql`
    select coalesce(sum(party_size), 0)::int as covers from reservations
    where restaurant_id = ${restaurantId} and starts_at = ${at}::timestamptz
      and (status in ('confirmed', 'seated') or (status = 'held' and hold_expires_at > now()))
      -- A change's covers are counted once: not the booking it moves, nor its other pending changes.
      and (${changing}::uuid is null or coalesce(replaces_id, id) <> ${changing}::uuid)`)) as unknown as {
    covers: number;
  }[];
  if ((rows[0]?.covers ?? 0) + partySize > maxCovers) {
    throw new DomainError("slot_unavailable", "The kitchen is fully booked at that time.");
  }
}
