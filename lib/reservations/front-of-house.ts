import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reservations } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { systemClock, type Clock } from "@/lib/clock";
import { notFound, unauthenticated } from "@/lib/errors";
import type { Kv } from "@/lib/redis/types";
import { requirePermission } from "@/lib/restaurants/access";
import { cancelReservation, updateReservationStatus } from "./lifecycle";
import { createMemberReservation } from "./member-booking";
import type { ReservationView } from "./view";

/**
 * The owner workspace's book actions. Each takes the restaurant the page is about and refuses a
 * reservation of any other restaurant (not found), so an action called directly with mixed ids
 * changes nothing; then it calls the one booking-engine service for the change.
 */

/** Throws unless the principal runs this restaurant's book and the reservation belongs to it. */
export async function requireBookReservation(db: Db, principal: Principal | null, restaurantId: string, reservationId: string): Promise<void> {
  if (!principal) throw unauthenticated();
  await requirePermission(db, principal, restaurantId, "book.manage");
  const [row] = await db.select({ restaurantId: reservations.restaurantId }).from(reservations).where(eq(reservations.id, reservationId)).limit(1);
  if (!row || row.restaurantId !== restaurantId) throw notFound("Reservation");
}

export type StaffStatus = "seated" | "completed" | "no_show";

/** Seat (confirmed → seated), finish (seated → completed) or mark a no-show (confirmed → no_show). */
export async function setReservationStatus(
  db: Db,
  input: { restaurantId: string; reservationId: string; principal: Principal | null; status: StaffStatus },
): Promise<ReservationView> {
  await requireBookReservation(db, input.principal, input.restaurantId, input.reservationId);
  return updateReservationStatus(db, { reservationId: input.reservationId, access: { principal: input.principal }, status: input.status });
}

/** Staff cancel: any time, no cut-off (the guest phoned). */
export async function cancelFromBook(
  db: Db,
  input: { restaurantId: string; reservationId: string; principal: Principal | null },
  deps: { clock?: Clock } = {},
): Promise<ReservationView> {
  await requireBookReservation(db, input.principal, input.restaurantId, input.reservationId);
  return cancelReservation(db, { reservationId: input.reservationId, access: { principal: input.principal } }, deps);
}

export interface PhoneBookingInput {
  restaurantId: string;
  principal: Principal | null;
  startsAt: Date;
  partySize: number;
  name: string;
  phone?: string | null;
  email?: string | null;
  tableId?: string | null;
  notes?: string | null;
}

/** A booking taken by phone: confirmed at once, on the chosen table or the best free one. */
export async function createPhoneBooking(db: Db, input: PhoneBookingInput, deps: { clock?: Clock; kv?: Kv } = {}): Promise<ReservationView> {
  return createMemberReservation(
    db,
    {
      restaurantId: input.restaurantId,
      principal: input.principal,
      startsAt: input.startsAt,
      partySize: input.partySize,
      name: input.name,
      phone: input.phone ?? null,
      email: input.email ?? null,
      tableId: input.tableId ?? null,
      notes: input.notes ?? null,
      status: "confirmed",
    },
    deps,
  );
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
export async function seatWalkIn(db: Db, input: WalkInInput, deps: { clock?: Clock; kv?: Kv } = {}): Promise<ReservationView> {
  const now = (deps.clock ?? systemClock).now();
  const startsAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  return createMemberReservation(
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
  );
}
