import type { z } from "zod";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reservations, type Reservation, type ReservationStatus } from "@/db/schema";
import { dueFor, requirePayment } from "@/lib/payments/checkout";
import { completeSettlement, NOTHING_TO_SETTLE, settleCancel, settleNoShow, settleNoShowUndone } from "@/lib/payments/settle";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { systemClock, type Clock } from "@/lib/clock";
import { constraintOf, DomainError, sqlStateOf } from "@/lib/errors";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { parseInput } from "@/lib/contract/parse";
import { guestDetailsSchema } from "./contract";
import { toE164 } from "@/lib/contract/phone";
import { enqueueNotifications, reminderTime, reviewRequestTime } from "./outbox";
import { countOf } from "@/lib/text/plural";
import { waitForTableDay } from "./placement";
import { assertStatusFitsServiceDay } from "./service-day";
import { confirmChange } from "./change";
import { loadAuthorized, loadReservation, requireMemberAccessor, toView, type LoadedReservation } from "./records";
import type { ReservationAccess, ReservationView } from "./view";
import { recordEffect } from "@/lib/idempotency/effect";
import { giveSeatsBack } from "@/lib/experiences/counter";

/** The guest's details; the service parses them with the booking contract (an unknown occasion is a 400). */
export type GuestDetails = Omit<z.input<typeof guestDetailsSchema>, "occasion"> & { occasion?: string | null };

const STATE_WORDS: Record<ReservationStatus, string> = {
  held: "is still only held",
  confirmed: "is already confirmed",
  seated: "has already been seated",
  completed: "is already completed",
  cancelled: "was cancelled",
  expired: "has expired",
  no_show: "was marked as a no-show",
};

function invalidTransition(row: Reservation, action: string): DomainError {
  return new DomainError("invalid_transition", `Cannot ${action}: this reservation ${STATE_WORDS[row.status]}.`, {
    details: { status: row.status },
  });
}

async function reload(db: Db, loaded: LoadedReservation): Promise<LoadedReservation> {
  return (await loadReservation(db, loaded.row.id)) ?? loaded;
}

/** The row as it is now, after marking it expired if its hold has lapsed (whoever else got there first). */
async function settle(db: Db, loaded: LoadedReservation): Promise<LoadedReservation> {
  await expireIfLapsed(db, loaded.row.id);
  return reload(db, loaded);
}

/** Marks a held reservation expired if its hold has lapsed by the database clock. Returns true if it did. */
async function expireIfLapsed(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(reservations)
    .set({ status: "expired", version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(reservations.id, id), eq(reservations.status, "held"), sql`${reservations.holdExpiresAt} <= now()`))
    .returning({ id: reservations.id, restaurantId: reservations.restaurantId });
  if (rows[0]) await bumpAvailabilityVersion(rows[0].restaurantId);
  return rows.length > 0;
}

/**
 * A seat booking's confirm landing just as its hold lapsed, after someone else took the seats: the
 * section's capacity guard refuses it, which is the same outcome as a hold found lapsed.
 */
async function confirmTransaction<T>(_db: Db, run: () => Promise<T | null>): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    if (sqlStateOf(e) === "23514" && constraintOf(e) === "reservations_section_capacity") return null;
    throw e;
  }
}

/**
 * held → confirmed, with the guest's details, in one guarded UPDATE that also checks the hold has not
 * lapsed by the database clock. The confirmation and reminder are written to the outbox in the same
 * transaction. Confirming again returns the same reservation.
 */
export async function confirmReservation(
  db: Db,
  input: { reservationId: string; access: ReservationAccess; details: GuestDetails },
  deps: { clock?: Clock } = {},
): Promise<ReservationView> {
  const clock = deps.clock ?? systemClock;
  const { loaded } = await loadAuthorized(db, input.reservationId, input.access);
  const d = parseInput(guestDetailsSchema, input.details);

  // A change moves the booking it was made for, which keeps its payment: nothing new is asked for.
  if (loaded.row.replacesId) return confirmChange(db, loaded, d, clock.now());

  // Money or a card first: the webhook confirms once the checkout is done.
  const due = dueFor(loaded);
  if (due && loaded.row.status === "held") await requirePayment(db, loaded, d, due);

  const result = await confirmTransaction(db, () => db.transaction(async (tx) => {
    await waitForTableDay(tx, loaded.row.tableId, loaded.row.serviceDate);
    const [row] = await tx
      .update(reservations)
      .set({
        status: "confirmed",
        guestName: d.name,
        guestEmail: d.email,
        guestPhone: d.phone ?? null,
        // Consent is given (or withdrawn) with each confirmation, and only for a number we can text.
        smsConsentAt: d.smsOptIn && toE164(d.phone) ? sql`now()` : null,
        specialRequests: d.specialRequests ?? null,
        occasion: d.occasion ?? null,
        holdExpiresAt: null,
        confirmedAt: sql`now()`,
        version: sql`${reservations.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(reservations.id, loaded.row.id), eq(reservations.status, "held"), sql`${reservations.holdExpiresAt} > now()`))
      .returning();
    if (!row) return null;
    await recordEffect(tx, { id: row.id });
    const events: EventWithId[] = await enqueueNotifications(tx, row, [
      { kind: "confirmation" },
      { kind: "reminder", sendAfter: reminderTime(row.startsAt, loaded.restaurant.reminderLeadMinutes, clock.now()) },
    ]);
    return { row, events };
  }));

  if (result) {
    await publishEvents([
      { name: "reservation/confirmed", id: `confirmed-${result.row.id}`, data: { id: result.row.id, restaurant_id: result.row.restaurantId, starts_at: result.row.startsAt.toISOString() } },
      ...result.events,
    ]);
    return toView(result.row, loaded, loaded.payment);
  }

  // Nothing updated: work out why from the row as it is now.
  const current = await settle(db, loaded);
  if (current.row.status === "confirmed") return toView(current.row, current, current.payment);
  if (current.row.status === "expired") {
    throw new DomainError("hold_expired", "Your hold on this table has expired. Choose a time again.");
  }
  throw invalidTransition(current.row, "confirm");
}

/** Gives a hold another hold period, once. */
export async function extendHold(
  db: Db,
  input: { reservationId: string; access: ReservationAccess },
): Promise<ReservationView> {
  const { loaded } = await loadAuthorized(db, input.reservationId, input.access);
  const [row] = await db
    .update(reservations)
    .set({
      holdExpiresAt: sql`now() + make_interval(mins => ${loaded.restaurant.holdMinutes})`,
      holdExtended: true,
      version: sql`${reservations.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(reservations.id, loaded.row.id),
        eq(reservations.status, "held"),
        eq(reservations.holdExtended, false),
        sql`${reservations.holdExpiresAt} > now()`,
      ),
    )
    .returning();
  if (row) {
    await bumpAvailabilityVersion(row.restaurantId);
    await publishEvents([
      { name: "reservation/held", id: `held-${row.id}-extended`, data: { id: row.id, restaurant_id: row.restaurantId, hold_expires_at: row.holdExpiresAt!.toISOString() } },
    ]);
    return toView(row, loaded, loaded.payment);
  }
  const current = await settle(db, loaded);
  if (current.row.status === "expired") {
    throw new DomainError("hold_expired", "Your hold on this table has expired. Choose a time again.");
  }
  if (current.row.status === "held" && current.row.holdExtended) {
    throw new DomainError("invalid_transition", "A hold can be extended only once.");
  }
  throw invalidTransition(current.row, "extend the hold");
}

/**
 * Cancels a hold or a confirmed reservation. A diner (session or manage token) may cancel a
 * confirmed reservation only before the restaurant's cut-off; staff may cancel any time.
 * Cancelling again returns the same result.
 */
export async function cancelReservation(
  db: Db,
  input: { reservationId: string; access: ReservationAccess },
  deps: { clock?: Clock } = {},
): Promise<ReservationView> {
  const clock = deps.clock ?? systemClock;
  const { loaded, accessor } = await loadAuthorized(db, input.reservationId, input.access);
  const row0 = loaded.row;
  if (row0.status === "cancelled") return toView(row0, loaded, loaded.payment);
  const cutoff = new Date(row0.startsAt.getTime() - loaded.restaurant.cancellationCutoffMinutes * 60_000);
  const inTime = clock.now() < cutoff;
  // With a deposit or a saved card, a late cancel is the diner's to make: the policy says what it costs.
  const guaranteed = loaded.payment?.status === "paid" || loaded.payment?.status === "card_saved";
  if (row0.status === "confirmed" && accessor.kind !== "member" && !guaranteed) {
    if (!inTime) {
      throw new DomainError(
        "outside_policy",
        `Online cancellation closes ${formatCutoff(loaded.restaurant.cancellationCutoffMinutes)} before the booking. Please call the restaurant.`,
      );
    }
  }
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(reservations)
      .set({ status: "cancelled", cancelledAt: sql`now()`, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(reservations.id, row0.id), inArray(reservations.status, ["held", "confirmed"])))
      .returning();
    if (!row) return null;
    await recordEffect(tx, { id: row.id });
    const events = row0.status === "confirmed" ? await enqueueNotifications(tx, row, [{ kind: "cancellation" }]) : [];
    const settlement =
      row0.status === "confirmed" ? await settleCancel(tx, { reservationId: row.id, byRestaurant: accessor.kind === "member", inTime }) : NOTHING_TO_SETTLE;
    return { row, events, settlement };
  });
  if (result) {
    if (result.row.sectionId) await giveSeatsBack(result.row.sectionId, result.row.partySize);
    await completeSettlement(db, result.settlement);
    await bumpAvailabilityVersion(result.row.restaurantId);
    await publishEvents([
      { name: "reservation/cancelled", id: `cancelled-${result.row.id}`, data: { id: result.row.id, restaurant_id: result.row.restaurantId } },
      ...result.events,
    ]);
    return toView(result.row, loaded, (await reload(db, loaded)).payment);
  }
  const current = await reload(db, loaded);
  if (current.row.status === "cancelled") return toView(current.row, current, current.payment);
  throw invalidTransition(current.row, "cancel");
}

/**
 * Lets a hold go before it runs out: held → cancelled in one guarded UPDATE, so a confirm landing at
 * the same moment either wins (and the release is refused) or loses (and finds the hold cancelled).
 * Releasing again returns the same result; a reservation that was ever confirmed is never released.
 */
export async function releaseHold(db: Db, input: { reservationId: string; access: ReservationAccess }): Promise<ReservationView> {
  const { loaded } = await loadAuthorized(db, input.reservationId, input.access);
  const [row] = await db
    .update(reservations)
    .set({ status: "cancelled", cancelledAt: sql`now()`, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(reservations.id, loaded.row.id), eq(reservations.status, "held")))
    .returning();
  if (row) {
    if (row.sectionId) await giveSeatsBack(row.sectionId, row.partySize);
    await bumpAvailabilityVersion(row.restaurantId);
    await publishEvents([{ name: "reservation/cancelled", id: `cancelled-${row.id}`, data: { id: row.id, restaurant_id: row.restaurantId } }]);
    return toView(row, loaded, loaded.payment);
  }
  const current = await reload(db, loaded);
  if (current.row.status === "cancelled" && current.row.confirmedAt === null) return toView(current.row, current, current.payment);
  throw new DomainError("invalid_transition", `Only a table that is still held can be released: this reservation ${STATE_WORDS[current.row.status]}.`, {
    details: { status: current.row.status },
  });
}

function formatCutoff(minutes: number): string {
  if (minutes % 1440 === 0) return countOf(minutes / 1440, "day");
  if (minutes % 60 === 0) return countOf(minutes / 60, "hour");
  return countOf(minutes, "minute");
}

const STAFF_TRANSITIONS: Record<"seated" | "completed" | "no_show", ReservationStatus[]> = {
  seated: ["confirmed"],
  completed: ["seated"],
  no_show: ["confirmed"],
};

/** Staff moves through service: confirmed → seated → completed, or confirmed → no_show. */
export async function updateReservationStatus(
  db: Db,
  input: { reservationId: string; access: ReservationAccess; status: "seated" | "completed" | "no_show" },
  deps: { clock?: Clock } = {},
): Promise<ReservationView> {
  const clock = deps.clock ?? systemClock;
  const { loaded, accessor } = await loadAuthorized(db, input.reservationId, input.access);
  requireMemberAccessor(accessor);
  if (loaded.row.status === input.status) return toView(loaded.row, loaded, loaded.payment);
  assertStatusFitsServiceDay(input.status, { serviceDate: loaded.row.serviceDate, timezone: loaded.restaurant.timezone }, clock.now());
  const stamp =
    input.status === "seated" ? { seatedAt: sql`now()` } : input.status === "completed" ? { completedAt: sql`now()` } : {};
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(reservations)
      .set({ status: input.status, ...stamp, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(reservations.id, loaded.row.id), inArray(reservations.status, STAFF_TRANSITIONS[input.status])))
      .returning();
    if (!row) return null;
    // A finished visit may be reviewed: the request goes out the next morning, restaurant time.
    const events =
      row.status === "completed"
        ? await enqueueNotifications(tx, row, [{ kind: "review_request", sendAfter: reviewRequestTime(row.serviceDate, loaded.restaurant.timezone, clock.now()) }])
        : [];
    const settlement = row.status === "no_show" ? await settleNoShow(tx, row.id) : NOTHING_TO_SETTLE;
    return { row, events, settlement };
  });
  if (result) {
    await completeSettlement(db, result.settlement);
    if (input.status !== "seated") await bumpAvailabilityVersion(result.row.restaurantId);
    await publishEvents(result.events);
    return toView(result.row, loaded, result.settlement.paymentId ? (await reload(db, loaded)).payment : loaded.payment);
  }
  const current = await reload(db, loaded);
  if (current.row.status === input.status) return toView(current.row, current, current.payment);
  throw invalidTransition(current.row, `mark it ${input.status.replace("_", "-")}`);
}

export type RevertibleStatus = "seated" | "completed" | "no_show";

/** Each staff move's way back: seated → confirmed, completed → seated, no_show → confirmed. */
export const REVERSE_TRANSITIONS: Record<RevertibleStatus, "confirmed" | "seated"> = {
  seated: "confirmed",
  completed: "seated",
  no_show: "confirmed",
};

/**
 * Reverts a staff move in one guarded UPDATE (status `from`, and `expectedVersion` when given) that
 * bumps the version and clears the stamp the move set. A completed or no-show booking holds its
 * table again, so the revert waits its turn on the table-day lock and the overlap constraint has the
 * last word: if the table was given to someone else meanwhile, it is refused with a clear message.
 */
export async function revertReservationStatus(
  db: Db,
  input: { reservationId: string; access: ReservationAccess; from: RevertibleStatus; expectedVersion?: number },
): Promise<ReservationView> {
  const { loaded, accessor } = await loadAuthorized(db, input.reservationId, input.access);
  requireMemberAccessor(accessor);
  const to = REVERSE_TRANSITIONS[input.from];
  const clear = input.from === "seated" ? { seatedAt: null } : input.from === "completed" ? { completedAt: null } : {};
  const blocksAgain = input.from !== "seated";
  let row: Reservation | undefined;
  try {
    row = await db.transaction(async (tx) => {
      if (blocksAgain) await waitForTableDay(tx, loaded.row.tableId, loaded.row.serviceDate);
      const [updated] = await tx
        .update(reservations)
        .set({ status: to, ...clear, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
        .where(
          and(
            eq(reservations.id, loaded.row.id),
            eq(reservations.status, input.from),
            input.expectedVersion === undefined ? undefined : eq(reservations.version, input.expectedVersion),
          ),
        )
        .returning();
      // Only once this undo has won the row: a stale undo must not touch the money.
      if (updated && input.from === "no_show") await settleNoShowUndone(tx, updated.id);
      return updated;
    });
  } catch (e) {
    if (sqlStateOf(e) === "23P01") {
      throw new DomainError("slot_unavailable", `Table ${loaded.tableLabel} has been given to another booking since; move one of them first.`);
    }
    throw e;
  }
  if (row) {
    if (blocksAgain) await bumpAvailabilityVersion(row.restaurantId);
    return toView(row, loaded);
  }
  const current = await reload(db, loaded);
  if (current.row.status === input.from) {
    throw new DomainError("conflict", "This reservation was changed meanwhile; look again before undoing.", { details: { version: current.row.version } });
  }
  throw new DomainError("invalid_transition", `Nothing to undo: this reservation ${STATE_WORDS[current.row.status]}.`, {
    details: { status: current.row.status },
  });
}

export async function getReservation(db: Db, input: { reservationId: string; access: ReservationAccess }): Promise<ReservationView> {
  const { loaded } = await loadAuthorized(db, input.reservationId, input.access);
  return toView(loaded.row, loaded, loaded.payment);
}
