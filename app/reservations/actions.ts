"use server";

import { readManageToken } from "@/app/book/manage-token";
import { action } from "@/lib/actions";
import { cancelReservation, findNextChangeDate, getChangeAvailability } from "@/lib/reservations";
import { changeAvailabilitySchema, nextChangeDateSchema, reservationRefSchema } from "@/lib/reservations/contract";
import { toAvailabilityWire } from "@/lib/api/serialize";

/**
 * Cancels a reservation the caller may manage: the signed-in diner who made it, or whoever holds its
 * manage token (from the link they opened, or this browser's cookie). The service enforces the
 * restaurant's cut-off; cancelling twice returns the same result.
 */
export const cancelReservationAction = action(reservationRefSchema, async (input, { db, principal }) => {
  const manageToken = await readManageToken(input.code, input.token);
  const view = await cancelReservation(db, { reservationId: input.code, access: { principal, manageToken } });
  return { status: view.status };
});

/**
 * The times this booking could move to, as the change picker lists them: the booking's own table and
 * covers count as free (a change may overlap its original), everyone else's as taken.
 */
export const changeAvailabilityAction = action(changeAvailabilitySchema, async (input, { db, principal }) => {
  const manageToken = await readManageToken(input.code, input.token);
  const day = await getChangeAvailability(db, { reservationId: input.code, access: { principal, manageToken }, date: input.date, partySize: input.partySize });
  return toAvailabilityWire(day);
});

/**
 * The change picker's "Next available": the first later date this booking could move to, its own
 * table and covers counting as free, as in the times it lists.
 */
export const nextChangeDateAction = action(nextChangeDateSchema, async (input, { db, principal }) => {
  const manageToken = await readManageToken(input.code, input.token);
  return findNextChangeDate(db, { reservationId: input.code, access: { principal, manageToken }, after: input.after, partySize: input.partySize });
});
