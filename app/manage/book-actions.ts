"use server";

import { z } from "zod";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import {
  moveSchema,
  phoneBookingSchema,
  staffNotesSchema,
  statusChangeSchema,
  statusUndoSchema,
  walkInSchema,
} from "@/lib/reservations/contract";
import { cancelFromBook, createPhoneBooking, seatWalkIn, setReservationStatus, undoReservationStatus } from "@/lib/reservations/front-of-house";
import { moveReservation } from "@/lib/reservations/move";
import { updateReservationNotes } from "@/lib/reservations/notes";
import { ofRestaurant, ownerAction } from "./action-steps";

/**
 * The day's book: phone bookings, walk-ins, seat/finish/no-show (and undo), cancel, move, notes.
 * The page refreshes its own data through its polling query, so these do not refresh the page.
 */

const reservationRef = { ...ofRestaurant, reservation_id: uuid };
const booked = (v: { id: string; code: string; table: { label: string }; status: string }) => ({
  id: v.id,
  code: v.code,
  table: v.table.label,
  status: v.status,
});

export const phoneBookingAction = ownerAction(
  snakeCaseBody(phoneBookingSchema, ofRestaurant),
  async ({ tableId, ...b }, { db, principal }) => booked(await createPhoneBooking(db, { ...b, principal, tableId: tableId ?? null })),
);

export const walkInAction = ownerAction(
  snakeCaseBody(walkInSchema, ofRestaurant),
  async ({ tableId, ...w }, { db, principal }) => booked(await seatWalkIn(db, { ...w, principal, tableId: tableId ?? null })),
);

export const setStatusAction = ownerAction(
  snakeCaseBody(statusChangeSchema, reservationRef),
  async (s, { db, principal }) => booked(await setReservationStatus(db, { ...s, principal })),
);

export const undoStatusAction = ownerAction(
  snakeCaseBody(statusUndoSchema, reservationRef),
  async ({ version, ...u }, { db, principal }) => booked(await undoReservationStatus(db, { ...u, principal, expectedVersion: version })),
);

export const cancelReservationAction = ownerAction(
  z.object(reservationRef),
  async ({ restaurant_id, reservation_id }, { db, principal }) =>
    booked(await cancelFromBook(db, { restaurantId: restaurant_id, reservationId: reservation_id, principal })),
);

export const moveReservationAction = ownerAction(
  snakeCaseBody(moveSchema, reservationRef),
  async ({ tableId, startsAt, version, ...m }, { db, principal }) =>
    booked(await moveReservation(db, { ...m, principal, tableId: tableId ?? null, startsAt: startsAt ?? null, expectedVersion: version })),
);

export const saveNotesAction = ownerAction(
  snakeCaseBody(staffNotesSchema, reservationRef),
  async (n, { db, principal }) => {
    const v = await updateReservationNotes(db, { ...n, principal });
    return { id: v.id, notes: v.notes };
  },
);
