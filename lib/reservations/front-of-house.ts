import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reservations, restaurants, type MemberRole, type ReservationStatus } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { systemClock, type Clock } from "@/lib/clock";
import { DomainError, notFound, unauthenticated } from "@/lib/errors";
import type { Kv } from "@/lib/redis/types";
import { requirePermission } from "@/lib/restaurants/access";
import { cancelReservation, revertReservationStatus, updateReservationStatus, type RevertibleStatus } from "./lifecycle";
import { createMemberReservation, type StaffBookingFields } from "./member-booking";
import { onTable, type TableReservationView } from "./view";

/**
 * The owner workspace's book actions. Each takes the restaurant the page is about and refuses a
 * reservation of any other restaurant (not found), so an action called directly with mixed ids
 * changes nothing; then it calls the one booking-engine service for the change.
 */

interface BookReservationRef {
  role: MemberRole;
  status: ReservationStatus;
  serviceDate: string;
  timezone: string;
  seatedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  /** The database's now, in epoch milliseconds: the stamps above are written by its clock. */
  dbNowMs: number;
}

/** Throws unless the principal runs this restaurant's book and the reservation belongs to it. */
export async function requireBookReservation(db: Db, principal: Principal | null, restaurantId: string, reservationId: string): Promise<BookReservationRef> {
  if (!principal) throw unauthenticated();
  const role = await requirePermission(db, principal, restaurantId, "book.manage");
  const [row] = await db
    .select({
      restaurantId: reservations.restaurantId,
      tableId: reservations.tableId,
      status: reservations.status,
      serviceDate: reservations.serviceDate,
      seatedAt: reservations.seatedAt,
      completedAt: reservations.completedAt,
      updatedAt: reservations.updatedAt,
      timezone: restaurants.timezone,
      dbNowMs: sql`extract(epoch from now()) * 1000`.mapWith(Number),
    })
    .from(reservations)
    .innerJoin(restaurants, eq(restaurants.id, reservations.restaurantId))
    .where(eq(reservations.id, reservationId))
    .limit(1);
  if (!row || row.restaurantId !== restaurantId) throw notFound("Reservation");
  if (!row.tableId) {
    throw new DomainError("invalid_input", "This is a seat booking at an experience: manage it from the experience's guest list.");
  }
  return { role, ...row };
}

export { SERVICE_DAY_ROLLOVER_HOUR, serviceDatesAt } from "./service-day";

export type StaffStatus = "seated" | "completed" | "no_show";

/**
 * Seat (confirmed → seated), finish (seated → completed) or mark a no-show (confirmed → no_show),
 * from this restaurant's book. The service-day rule (seat only today's bookings) is the API's too:
 * it lives in updateReservationStatus.
 */
export async function setReservationStatus(
  db: Db,
  input: { restaurantId: string; reservationId: string; principal: Principal | null; status: StaffStatus },
  deps: { clock?: Clock } = {},
): Promise<TableReservationView> {
  await requireBookReservation(db, input.principal, input.restaurantId, input.reservationId);
  return onTable(await updateReservationStatus(db, { reservationId: input.reservationId, access: { principal: input.principal }, status: input.status }, deps));
}

/** How long a host may undo their own Seat, Finish or No-show; owners and managers may revert any time. */
export const HOST_UNDO_MINUTES = 15;

/**
 * Undo a status change: seated → confirmed, completed → seated, no_show → confirmed. A host may undo
 * within HOST_UNDO_MINUTES of the change (a mis-tap at the door); an owner or manager may revert
 * later. `from` is the status the caller saw, so an undo never reverts someone else's newer change.
 */
export async function undoReservationStatus(
  db: Db,
  input: { restaurantId: string; reservationId: string; principal: Principal | null; from: RevertibleStatus; expectedVersion?: number },
): Promise<TableReservationView> {
  const ref = await requireBookReservation(db, input.principal, input.restaurantId, input.reservationId);
  if (ref.role === "host" && ref.status === input.from) {
    // Measured by the database clock, which wrote the stamp.
    const changedAt = (input.from === "seated" ? ref.seatedAt : input.from === "completed" ? ref.completedAt : null) ?? ref.updatedAt;
    if (ref.dbNowMs - changedAt.getTime() > HOST_UNDO_MINUTES * 60_000) {
      throw new DomainError("forbidden", `A host can undo within ${HOST_UNDO_MINUTES} minutes of the change; ask a manager to revert it now.`);
    }
  }
  return onTable(
    await revertReservationStatus(db, {
      reservationId: input.reservationId,
      access: { principal: input.principal },
      from: input.from,
      expectedVersion: input.expectedVersion,
    }),
  );
}

/** Staff cancel: any time, no cut-off (the guest phoned). */
export async function cancelFromBook(
  db: Db,
  input: { restaurantId: string; reservationId: string; principal: Principal | null },
  deps: { clock?: Clock } = {},
): Promise<TableReservationView> {
  await requireBookReservation(db, input.principal, input.restaurantId, input.reservationId);
  return onTable(await cancelReservation(db, { reservationId: input.reservationId, access: { principal: input.principal } }, deps));
}

/** A booking taken by phone: confirmed at once, on the chosen table or the best free one. */
export async function createPhoneBooking(db: Db, input: StaffBookingFields, deps: { clock?: Clock; kv?: Kv } = {}): Promise<TableReservationView> {
  return onTable(await createMemberReservation(db, { ...input, status: "confirmed" }, deps));
}

export interface WalkInInput {
  restaurantId: string;
  principal: Principal | null;
  partySize: number;
  name?: string | null;
  tableId?: string | null;
  notes?: string | null;
}

/** A walk-in: seated now (to the minute) on the chosen free table, or the best free one. */
export async function seatWalkIn(db: Db, input: WalkInInput, deps: { clock?: Clock; kv?: Kv } = {}): Promise<TableReservationView> {
  const now = (deps.clock ?? systemClock).now();
  const startsAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  return onTable(await createMemberReservation(
    db,
    {
      restaurantId: input.restaurantId,
      principal: input.principal,
      startsAt,
      partySize: input.partySize,
      name: input.name?.trim() || "Walk-in",
      tableId: input.tableId ?? null,
      notes: input.notes ?? null,
      status: "seated",
    },
    { ...deps, clock: deps.clock ?? { now: () => now } },
  ));
}
