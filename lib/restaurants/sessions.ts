import { and, asc, eq, gt, inArray, isNotNull } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "@/db/client";
import { reservations, restaurants, serviceSessions, type ServiceSession, type TurnMinutes } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { notFound } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import { FieldCheck, hhmm, TIME_OF_DAY } from "@/lib/restaurants/validate";

export interface SessionInput {
  name: string;
  /** ISO weekdays, 1 (Monday) to 7 (Sunday). */
  days: number[];
  /** "HH:MM" local time. */
  firstSeating: string;
  /** "HH:MM"; earlier than firstSeating means past midnight. */
  lastSeating: string;
  intervalMinutes?: number;
  turnMinutes: TurnMinutes;
  maxCoversPerSlot?: number | null;
}

export type SessionPatch = Partial<SessionInput>;

function checkSession(input: SessionPatch, check: FieldCheck): void {
  if (input.name !== undefined) check.text("name", input.name, 60, true);
  if (input.days !== undefined) {
    const days = input.days;
    if (!Array.isArray(days) || days.length === 0 || days.length > 7) check.add("days", "One to seven ISO weekdays (1 Monday … 7 Sunday).");
    else if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) check.add("days", "Each day is 1 (Monday) to 7 (Sunday).");
    else if (new Set(days).size !== days.length) check.add("days", "Each day once.");
  }
  if (input.firstSeating !== undefined && !TIME_OF_DAY.test(input.firstSeating)) check.add("first_seating", "Must be HH:MM.");
  if (input.lastSeating !== undefined && !TIME_OF_DAY.test(input.lastSeating)) check.add("last_seating", "Must be HH:MM.");
  check.int("interval_minutes", input.intervalMinutes, 5, 240);
  check.int("max_covers_per_slot", input.maxCoversPerSlot, 1, 10_000);
  const turn = input.turnMinutes;
  if (turn !== undefined) {
    if (typeof turn === "number") check.int("turn_minutes", turn, 5, 720);
    else if (!Array.isArray(turn) || turn.length === 0 || turn.length > 20) check.add("turn_minutes", "A number of minutes, or 1 to 20 rules.");
    else {
      turn.forEach((r, i) => {
        check.int(`turn_minutes.${i}.max_party_size`, r?.max_party_size, 1, 1000);
        check.int(`turn_minutes.${i}.minutes`, r?.minutes, 5, 720);
        if (r?.max_party_size === undefined || r?.minutes === undefined) check.add(`turn_minutes.${i}`, "Needs max_party_size and minutes.");
      });
      if (new Set(turn.map((r) => r?.max_party_size)).size !== turn.length) check.add("turn_minutes", "Each rule needs a different max_party_size.");
    }
  }
}

function normaliseTurn(turn: TurnMinutes): TurnMinutes {
  if (typeof turn === "number") return turn;
  return [...turn].map((r) => ({ max_party_size: r.max_party_size, minutes: r.minutes })).sort((a, b) => a.max_party_size - b.max_party_size);
}

/** Service sessions in order of first seating (members, any role). */
export async function listSessions(db: DbOrTx, principal: Principal | null, restaurantId: string): Promise<ServiceSession[]> {
  await requirePermission(db, principal, restaurantId, "book.view");
  return db
    .select()
    .from(serviceSessions)
    .where(eq(serviceSessions.restaurantId, restaurantId))
    .orderBy(asc(serviceSessions.firstSeating), asc(serviceSessions.name), asc(serviceSessions.id));
}

export async function createSession(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  input: SessionInput,
): Promise<ServiceSession> {
  await requirePermission(db, principal, restaurantId, "sessions.manage");
  const check = new FieldCheck();
  checkSession(input, check);
  for (const [k, field] of [["name", "name"], ["days", "days"], ["firstSeating", "first_seating"], ["lastSeating", "last_seating"], ["turnMinutes", "turn_minutes"]] as const) {
    if (input[k] === undefined) check.add(field, "Required.");
  }
  check.throwIfAny();
  const [row] = await db
    .insert(serviceSessions)
    .values({
      restaurantId,
      name: input.name.trim(),
      days: [...input.days].sort((a, b) => a - b),
      firstSeating: hhmm(input.firstSeating),
      lastSeating: hhmm(input.lastSeating),
      intervalMinutes: input.intervalMinutes ?? 15,
      turnMinutes: normaliseTurn(input.turnMinutes),
      maxCoversPerSlot: input.maxCoversPerSlot ?? null,
    })
    .returning();
  await bumpAvailabilityVersion(restaurantId);
  return row!;
}

export async function updateSession(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  sessionId: string,
  patch: SessionPatch,
): Promise<ServiceSession> {
  await requirePermission(db, principal, restaurantId, "sessions.manage");
  const check = new FieldCheck();
  checkSession(patch, check);
  check.throwIfAny();
  const set: Partial<typeof serviceSessions.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name.trim();
  if (patch.days !== undefined) set.days = [...patch.days].sort((a, b) => a - b);
  if (patch.firstSeating !== undefined) set.firstSeating = hhmm(patch.firstSeating);
  if (patch.lastSeating !== undefined) set.lastSeating = hhmm(patch.lastSeating);
  if (patch.intervalMinutes !== undefined) set.intervalMinutes = patch.intervalMinutes;
  if (patch.turnMinutes !== undefined) set.turnMinutes = normaliseTurn(patch.turnMinutes);
  if (patch.maxCoversPerSlot !== undefined) set.maxCoversPerSlot = patch.maxCoversPerSlot;
  const where = and(eq(serviceSessions.id, sessionId), eq(serviceSessions.restaurantId, restaurantId));
  const [row] =
    Object.keys(set).length > 0
      ? await db.update(serviceSessions).set(set).where(where).returning()
      : await db.select().from(serviceSessions).where(where).limit(1);
  if (!row) throw notFound("Session");
  await bumpAvailabilityVersion(restaurantId);
  return row;
}

/** Removes a session; existing reservations keep their times (their session link is cleared). */
export async function deleteSession(db: DbOrTx, principal: Principal | null, restaurantId: string, sessionId: string): Promise<void> {
  await requirePermission(db, principal, restaurantId, "sessions.manage");
  const deleted = await db
    .delete(serviceSessions)
    .where(and(eq(serviceSessions.id, sessionId), eq(serviceSessions.restaurantId, restaurantId)))
    .returning({ id: serviceSessions.id });
  if (deleted.length === 0) throw notFound("Session");
  await bumpAvailabilityVersion(restaurantId);
}

/** An upcoming booking made for a session: what the owner is told before deleting the session. */
export interface SessionBooking {
  id: string;
  code: string;
  name: string | null;
  partySize: number;
  serviceDate: string;
  /** "HH:MM" in the restaurant's zone. */
  localTime: string;
}

/**
 * Per session, its upcoming confirmed or seated bookings (those not yet ended), soonest first, so the
 * owner sees what deleting a session strands before doing it. Deleting never cancels them.
 */
export async function listUpcomingBookingsBySession(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  deps: { now?: Date } = {},
): Promise<Record<string, SessionBooking[]>> {
  await requirePermission(db, principal, restaurantId, "sessions.manage");
  const rows = await db
    .select({
      sessionId: reservations.sessionId,
      id: reservations.id,
      code: reservations.code,
      name: reservations.guestName,
      partySize: reservations.partySize,
      serviceDate: reservations.serviceDate,
      startsAt: reservations.startsAt,
      timezone: restaurants.timezone,
    })
    .from(reservations)
    .innerJoin(restaurants, eq(restaurants.id, reservations.restaurantId))
    .where(
      and(
        eq(reservations.restaurantId, restaurantId),
        isNotNull(reservations.sessionId),
        inArray(reservations.status, ["confirmed", "seated"]),
        gt(reservations.endsAt, deps.now ?? new Date()),
      ),
    )
    .orderBy(asc(reservations.startsAt));
  const out: Record<string, SessionBooking[]> = {};
  for (const r of rows) {
    (out[r.sessionId!] ??= []).push({
      id: r.id,
      code: r.code,
      name: r.name,
      partySize: r.partySize,
      serviceDate: r.serviceDate,
      localTime: DateTime.fromJSDate(r.startsAt, { zone: r.timezone }).toFormat("HH:mm"),
    });
  }
  return out;
}
