import { and, asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db, Tx } from "@/db/client";
import { diningTables, payments, reservations, type Reservation } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { toAvailabilityInput } from "@/lib/availability";
import { loadDayContext } from "@/lib/availability/load";
import { computeAvailability, fittingTables, isBlocking, turnMinutesFor } from "@/lib/availability/slots";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { systemClock, type Clock } from "@/lib/clock";
import { DomainError, notFound } from "@/lib/errors";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { requirePermission } from "@/lib/restaurants/access";
import { addDays } from "@/lib/availability/calendar";
import { chosenTable, locateSeating, nearestAlternatives } from "./hold";
import { enqueueNotifications, reminderTime } from "./outbox";
import { placeOnFirstFreeTable } from "./placement";
import { loadReservations, toView } from "./records";
import { onTable, type ReservationView, type TableReservationView } from "./view";
import { recordEffect } from "@/lib/idempotency/effect";

/** What staff take down for a booking: the guest, the time, the party and, if they chose one, the table. */
export interface StaffBookingFields {
  restaurantId: string;
  principal: Principal | null;
  startsAt: Date;
  partySize: number;
  name: string;
  phone?: string | null;
  email?: string | null;
  tableId?: string | null;
  notes?: string | null;
  /** What the guest asked for (shown to them) and the occasion, as on the online form. */
  specialRequests?: string | null;
  occasion?: string | null;
}

export interface MemberBookingInput extends StaffBookingFields {
  /** confirmed: a phone booking; seated: a walk-in. */
  status: "confirmed" | "seated";
  /** The diner's account, when staff book for someone who asked while signed in (a large party's request). */
  userId?: string | null;
  /** Work in the booking's own transaction (marking the request it answers); throwing undoes the booking. */
  within?: (tx: Tx, row: Reservation) => Promise<void>;
}

/** Turn time when the instant is not one of the sessions' seatings (walk-ins, staff overrides). */
const DEFAULT_TURN_MINUTES = 90;

/**
 * Staff bookings: a phone booking (confirmed) or a walk-in (seated). Staff may book any time, on any
 * active table including those held back from online booking, but never over another reservation:
 * the same lock, transaction and exclusion constraint as a diner's hold.
 */
export async function createMemberReservation(
  db: Db,
  input: MemberBookingInput,
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<TableReservationView> {
  const clock = deps.clock ?? systemClock;
  const kv = deps.kv ?? getKv();
  const now = clock.now();
  await requirePermission(db, input.principal, input.restaurantId, "book.manage");

  const ctx0 = await loadDayContext(db, input.restaurantId, addDays(utcDateOf(input.startsAt), -2), addDays(utcDateOf(input.startsAt), 1));
  if (!ctx0) throw notFound("Restaurant");
  const ctx = ctx0;
  const tz = ctx.restaurant.timezone;
  if (input.status === "confirmed" && input.startsAt.getTime() < now.getTime() - 15 * 60_000) {
    throw new DomainError("outside_policy", "That time has already passed; seat it as a walk-in instead.");
  }

  const located = locateSeating(ctx, input.startsAt, input.partySize, now, true);
  const session = located ? ctx.sessions.find((s) => s.id === located.slot.sessionId) : undefined;
  const turn = session ? turnMinutesFor(session.turnMinutes, input.partySize) : DEFAULT_TURN_MINUTES;
  const startsAt = input.startsAt;
  const endsAt = new Date(startsAt.getTime() + turn * 60_000);
  const serviceDate = located?.date ?? DateTime.fromJSDate(startsAt, { zone: tz }).toISODate()!;

  let candidates: string[];
  if (input.tableId) {
    candidates = [chosenTable(ctx, input.tableId, input.partySize)];
  } else {
    candidates = fittingTables(ctx.tables, input.partySize, { includeOffline: true })
      .filter((t) => !ctx.reservations.some((r) => r.tableId === t.id && r.startsAt < endsAt && r.endsAt > startsAt && isBlocking(r, now)))
      .map((t) => t.id);
    if (candidates.length === 0) {
      throw new DomainError("slot_unavailable", "No table that seats this party is free then.");
    }
  }

  let events: EventWithId[] = [];
  const outcome = await placeOnFirstFreeTable(db, kv, candidates, {
    restaurantId: ctx.restaurant.id,
    serviceDate,
    sessionId: session?.id ?? null,
    startsAt,
    endsAt,
    partySize: input.partySize,
    status: input.status,
    source: input.status === "seated" ? "walk_in" : "owner",
    guest: { name: input.name, email: input.email ?? null, phone: input.phone ?? null, specialRequests: input.specialRequests ?? null, occasion: input.occasion ?? null },
    notes: input.notes ?? null,
    userId: input.userId ?? null,
    after: async (tx, row) => {
      if (input.within) await input.within(tx, row);
      await recordEffect(tx, { id: row.id });
      if (row.status === "confirmed") {
        events = await enqueueNotifications(tx, row, [
          { kind: "confirmation" },
          { kind: "reminder", sendAfter: reminderTime(row.startsAt, ctx.restaurant.reminderLeadMinutes, now) },
        ]);
      }
    },
  });
  if (!outcome.ok) {
    if (outcome.locked > 0) {
      throw new DomainError("slot_locked", "Someone else is booking that table right now; try again in a moment.", { retryAfter: 1 });
    }
    const label = input.tableId ? ctx.tables.find((t) => t.id === input.tableId)?.label : undefined;
    const alternatives = located ? nearestAlternatives(computeAvailability(toAvailabilityInput(ctx, located.date, input.partySize, now, true)), startsAt) : [];
    throw new DomainError(
      "slot_unavailable",
      label ? `Table ${label} already has a reservation that overlaps that time.` : "No table that seats this party is free then.",
      { details: { alternatives: alternatives.map((a) => ({ starts_at: a.startsAt.toISOString(), local_time: a.localTime })) } },
    );
  }
  await bumpAvailabilityVersion(ctx.restaurant.id);
  const row = outcome.row;
  if (row.status === "confirmed") {
    events.unshift({ name: "reservation/confirmed", id: `confirmed-${row.id}`, data: { id: row.id, restaurant_id: row.restaurantId, starts_at: row.startsAt.toISOString() } });
  }
  await publishEvents(events);
  return onTable(toView(row, ctx.tables.find((t) => t.id === row.tableId)?.label ?? ""));
}


/** The restaurant's book for one local service date, every status, in time order. Members only. */
export async function listRestaurantReservations(
  db: Db,
  input: { restaurantId: string; date: string; principal: Principal | null },
): Promise<TableReservationView[]> {
  await requirePermission(db, input.principal, input.restaurantId, "book.view");
  const rows = await db
    .select({ row: reservations, label: diningTables.label, payment: payments })
    .from(reservations)
    .innerJoin(diningTables, eq(diningTables.id, reservations.tableId))
    .leftJoin(payments, eq(payments.reservationId, reservations.id))
    .where(and(eq(reservations.restaurantId, input.restaurantId), eq(reservations.serviceDate, input.date)))
    .orderBy(asc(reservations.startsAt), asc(diningTables.label));
  return rows.map((r) => onTable(toView(r.row, r.label, r.payment)));
}

/**
 * A signed-in diner's own reservations, soonest first: table bookings with their table, seat bookings
 * with their experience, section and price.
 */
export async function listMyReservations(db: Db, principal: Principal): Promise<ReservationView[]> {
  const loaded = await loadReservations(db, eq(reservations.userId, principal.userId), asc(reservations.startsAt), asc(reservations.createdAt));
  return loaded.map((l) => toView(l.row, l, l.payment));
}

/** The UTC calendar date of an instant: the widest window of local dates around it is two days before to one after. */
function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
