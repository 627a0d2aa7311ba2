import { and, eq, gt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { notifications, reservations, type Reservation } from "@/db/schema";
import { getAvailability, type AvailabilityView } from "@/lib/availability";
import { findNextAvailableDate, type NextAvailable } from "@/lib/availability/next-available";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { systemClock, type Clock } from "@/lib/clock";
import { DomainError } from "@/lib/errors";
import { recordEffect } from "@/lib/idempotency/effect";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { enqueueNotifications, reminderTime } from "./outbox";
import { waitForTableDay } from "./placement";
import { loadAuthorized, loadReservation, toView, type LoadedReservation } from "./records";
import type { Kv } from "@/lib/redis/types";
import type { GuestDetailsInput } from "./contract";
import type { ReservationAccess, ReservationView } from "./view";

/**
 * Changes in place. A diner changing a confirmed booking first holds the new time like any hold (the
 * hold row names the original in `replaces_id`, and the overlap constraint lets the two overlap on one
 * table, since only one of them will be a booking). Confirming that hold moves the original onto the
 * held table and time in one transaction: the same reservation, code, manage link, details and
 * payment, a calendar SEQUENCE one higher, and one "updated" email. The hold is used up (expired).
 */

/** Guest details as confirmed, already parsed by the booking contract. */
export interface ChangeDetails {
  name: string;
  email: string;
  phone?: string | null;
  specialRequests?: string | null;
  occasion?: string | null;
}

/**
 * Written in the transaction that changed a confirmed booking's time, date or party size (after its
 * sequence was raised): the reminder follows the new time (one already sent stays sent) and the
 * "updated" email is queued once for this sequence.
 */
export async function announceChange(tx: Tx, row: Reservation, reminderLeadMinutes: number, now: Date): Promise<EventWithId[]> {
  await tx
    .update(notifications)
    .set({ sendAfter: reminderTime(row.startsAt, reminderLeadMinutes, now) })
    .where(and(eq(notifications.reservationId, row.id), eq(notifications.kind, "reminder"), eq(notifications.status, "pending")));
  return enqueueNotifications(tx, row, [{ kind: "updated", revision: row.sequence }]);
}

type Outcome =
  | { ok: true; moved: Reservation; events: EventWithId[] }
  | { ok: false; why: "original"; status: Reservation["status"] | null }
  | { ok: false; why: "hold" };

/** Confirms a change's hold: moves its original there. Called by confirmReservation for holds with `replaces_id`. */
export async function confirmChange(db: Db, hold: LoadedReservation, details: ChangeDetails, now: Date): Promise<ReservationView> {
  const originalId = hold.row.replacesId;
  if (!originalId) throw new Error("confirmChange needs a change's hold");
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    // The same order as every confirm: the held table's day first, then the rows.
    await waitForTableDay(tx, hold.row.tableId, hold.row.serviceDate);
    const [original] = await tx.select().from(reservations).where(eq(reservations.id, originalId)).for("update");
    if (!original || original.status !== "confirmed") {
      // Nothing left to change: the held time goes back to everyone at once.
      await tx
        .update(reservations)
        .set({ status: "cancelled", cancelledAt: sql`now()`, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(reservations.id, hold.row.id), eq(reservations.status, "held")));
      return { ok: false, why: "original", status: original?.status ?? null };
    }
    const [used] = await tx
      .update(reservations)
      .set({ status: "expired", holdExpiresAt: sql`now()`, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(reservations.id, hold.row.id), eq(reservations.status, "held"), gt(reservations.holdExpiresAt, sql`now()`)))
      .returning({ id: reservations.id });
    if (!used) return { ok: false, why: "hold" };
    // The held range was this booking's alone (the constraint let nobody else overlap it), so the
    // move cannot collide; if it somehow did, the constraint refuses it and nothing changes.
    const [moved] = await tx
      .update(reservations)
      .set({
        tableId: hold.row.tableId,
        startsAt: hold.row.startsAt,
        endsAt: hold.row.endsAt,
        serviceDate: hold.row.serviceDate,
        sessionId: hold.row.sessionId,
        partySize: hold.row.partySize,
        guestName: details.name,
        guestEmail: details.email,
        guestPhone: details.phone ?? null,
        specialRequests: details.specialRequests ?? null,
        occasion: details.occasion ?? null,
        sequence: sql`${reservations.sequence} + 1`,
        version: sql`${reservations.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(reservations.id, original.id), eq(reservations.status, "confirmed")))
      .returning();
    await recordEffect(tx, { id: hold.row.id });
    const events = await announceChange(tx, moved!, hold.restaurant.reminderLeadMinutes, now);
    return { ok: true, moved: moved!, events };
  });

  if (outcome.ok) {
    await bumpAvailabilityVersion(outcome.moved.restaurantId);
    await publishEvents([
      // Ends the hold's expiry wait; the freed old time is offered to the waitlist by the sweeper.
      { name: "reservation/cancelled", id: `cancelled-${hold.row.id}`, data: { id: hold.row.id, restaurant_id: hold.row.restaurantId } },
      ...outcome.events,
    ]);
    const current = await loadReservation(db, outcome.moved.id);
    return current ? toView(current.row, current.tableLabel, current.payment) : toView(outcome.moved, hold.tableLabel);
  }
  if (outcome.why === "original") {
    await bumpAvailabilityVersion(hold.row.restaurantId);
    throw new DomainError(
      "invalid_transition",
      `The booking this change was for ${outcome.status === "cancelled" ? "was cancelled" : "can no longer be changed online"}, so nothing was changed.`,
      { details: { status: outcome.status } },
    );
  }
  // The hold is gone: a repeat of a confirm that already moved the original answers as that did.
  const [current, original] = await Promise.all([loadReservation(db, hold.row.id), loadReservation(db, originalId)]);
  if (current?.row.status === "expired" && original && original.row.status === "confirmed" && sameSlot(original.row, current.row)) {
    return toView(original.row, original.tableLabel, original.payment);
  }
  throw new DomainError("hold_expired", "Your hold on the new time has expired. Your booking is unchanged; choose a time again.");
}

function sameSlot(a: Reservation, b: Reservation): boolean {
  return a.tableId === b.tableId && a.startsAt.getTime() === b.startsAt.getTime() && a.partySize === b.partySize;
}

/**
 * A change must be to a confirmed table booking the caller may manage, before the cut-off (staff may
 * change it later), at `restaurantId` when one is named: a change stays at the same restaurant.
 */
export async function authorizeChange(
  db: Db,
  replaces: { reservationId: string; access: ReservationAccess },
  restaurantId: string | null,
  now: Date,
): Promise<LoadedReservation> {
  const { loaded, accessor } = await loadAuthorized(db, replaces.reservationId, replaces.access);
  if (restaurantId !== null && loaded.row.restaurantId !== restaurantId) {
    throw new DomainError("invalid_input", "A change stays at the same restaurant. Cancel this booking and book the other restaurant instead.");
  }
  if (loaded.row.sectionId) {
    throw new DomainError("invalid_input", "Seats at an experience cannot be changed to a table. Cancel them instead.");
  }
  if (loaded.row.status !== "confirmed") {
    throw new DomainError("invalid_transition", "Only a confirmed reservation can be changed.");
  }
  const cutoff = loaded.row.startsAt.getTime() - loaded.restaurant.cancellationCutoffMinutes * 60_000;
  if (accessor.kind !== "member" && now.getTime() >= cutoff) {
    throw new DomainError("outside_policy", "It is too close to the booking to change it online. Please call the restaurant.");
  }
  return loaded;
}

/**
 * The times a booking could move to, for whoever may change it: the day at its restaurant as if the
 * booking were not there (its own table and covers are free for its new time, as its change's hold
 * will find them), while everyone else's bookings count as usual.
 */
export async function getChangeAvailability(
  db: Db,
  input: { reservationId: string; access: ReservationAccess; date: string; partySize: number },
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<AvailabilityView> {
  const now = (deps.clock ?? systemClock).now();
  const loaded = await authorizeChange(db, { reservationId: input.reservationId, access: input.access }, null, now);
  return getAvailability(
    db,
    { restaurant: loaded.row.restaurantId, date: input.date, partySize: input.partySize, principal: input.access.principal, changing: loaded.row.id },
    deps,
  );
}

/**
 * The change page's "Next available": the first later date the booking could move to, seen as
 * getChangeAvailability sees each day (its own table and covers free), for whoever may change it.
 */
export async function findNextChangeDate(
  db: Db,
  input: { reservationId: string; access: ReservationAccess; after: string; partySize: number },
  deps: { clock?: Clock } = {},
): Promise<NextAvailable | null> {
  const now = (deps.clock ?? systemClock).now();
  const loaded = await authorizeChange(db, { reservationId: input.reservationId, access: input.access }, null, now);
  return findNextAvailableDate(
    db,
    { restaurantId: loaded.row.restaurantId, after: input.after, partySize: input.partySize, principal: input.access.principal, changing: loaded.row.id },
    deps,
  );
}

/** What a change's hold would replace, for its booking page: the booking's code and the details to keep. */
export interface ChangeOrigin {
  code: string;
  startsAt: Date;
  partySize: number;
  details: GuestDetailsInput;
}

/**
 * For whoever may see a hold (its cookie or link): the booking it would change, or null when it is
 * not a change. Only the person who could manage that booking could have made such a hold.
 */
export async function getChangeOrigin(db: Db, input: { reservationId: string; access: ReservationAccess }): Promise<ChangeOrigin | null> {
  const { loaded } = await loadAuthorized(db, input.reservationId, input.access);
  if (!loaded.row.replacesId) return null;
  const original = await loadReservation(db, loaded.row.replacesId);
  if (!original) return null;
  const r = original.row;
  return {
    code: r.code,
    startsAt: r.startsAt,
    partySize: r.partySize,
    details: {
      name: r.guestName ?? "",
      email: r.guestEmail ?? "",
      phone: r.guestPhone ?? "",
      smsOptIn: r.smsConsentAt !== null,
      specialRequests: r.specialRequests ?? "",
      // Stored only after the contract accepted it.
      occasion: (r.occasion ?? "") as GuestDetailsInput["occasion"],
    },
  };
}
