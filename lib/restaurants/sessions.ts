import { and, asc, eq, gt, inArray, isNotNull, or } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "@/db/client";
import { reservations, restaurants, serviceSessions, type ServiceSession } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import type { SessionRule } from "@/lib/availability/slots";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { notFound } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import type { z } from "zod";
import { hhmm } from "@/lib/contract/common";
import { parseInput } from "@/lib/contract/parse";
import { sessionCreateSchema, sessionPatchSchema } from "@/lib/restaurants/contract";

export type SessionInput = z.input<typeof sessionCreateSchema>;
export type SessionPatch = z.input<typeof sessionPatchSchema>;

/** Service sessions in order of first seating (members, any role). */
export async function listSessions(db: DbOrTx, principal: Principal | null, restaurantId: string): Promise<ServiceSession[]> {
  await requirePermission(db, principal, restaurantId, "book.view");
  return db
    .select()
    .from(serviceSessions)
    .where(eq(serviceSessions.restaurantId, restaurantId))
    .orderBy(asc(serviceSessions.firstSeating), asc(serviceSessions.name), asc(serviceSessions.id));
}

/** A session as the seating rules read it: times as "HH:MM" (Postgres returns "17:30:00"). */
export function toSessionRule(s: ServiceSession): SessionRule {
  return {
    id: s.id,
    name: s.name,
    days: s.days,
    firstSeating: hhmm(s.firstSeating),
    lastSeating: hhmm(s.lastSeating),
    intervalMinutes: s.intervalMinutes,
    turnMinutes: s.turnMinutes,
    maxCoversPerSlot: s.maxCoversPerSlot,
  };
}

/** The restaurant's sessions as seating rules, in no particular order. */
export async function loadSessionRules(db: DbOrTx, restaurantId: string): Promise<SessionRule[]> {
  const rows = await db.select().from(serviceSessions).where(eq(serviceSessions.restaurantId, restaurantId));
  return rows.map(toSessionRule);
}

export async function createSession(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  input: SessionInput,
): Promise<ServiceSession> {
  await requirePermission(db, principal, restaurantId, "sessions.manage");
  const s = parseInput(sessionCreateSchema, input, { keys: "snake" });
  const [row] = await db
    .insert(serviceSessions)
    .values({ restaurantId, ...s, maxCoversPerSlot: s.maxCoversPerSlot ?? null })
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
  const p = parseInput(sessionPatchSchema, patch, { keys: "snake" });
  const set: Partial<typeof serviceSessions.$inferInsert> = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
  const where = and(eq(serviceSessions.id, sessionId), eq(serviceSessions.restaurantId, restaurantId));
  const [row] =
    Object.keys(set).length > 0
      ? await db.update(serviceSessions).set(set).where(where).returning()
      : await db.select().from(serviceSessions).where(where).limit(1);
  if (!row) throw notFound("Session");
  await bumpAvailabilityVersion(restaurantId);
  return row;
}

/**
 * The sessions that set their own deposit or card policy, with it (public: the restaurant page states
 * every policy before a diner commits). In order of first seating.
 */
export async function listSessionMoneyPolicies(db: DbOrTx, restaurantId: string) {
  return db
    .select({
      id: serviceSessions.id,
      name: serviceSessions.name,
      depositCents: serviceSessions.depositCents,
      depositMinPartySize: serviceSessions.depositMinPartySize,
      noShowFeeCents: serviceSessions.noShowFeeCents,
    })
    .from(serviceSessions)
    .where(
      and(
        eq(serviceSessions.restaurantId, restaurantId),
        or(isNotNull(serviceSessions.depositCents), isNotNull(serviceSessions.depositMinPartySize), isNotNull(serviceSessions.noShowFeeCents)),
      ),
    )
    .orderBy(asc(serviceSessions.firstSeating), asc(serviceSessions.name));
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
