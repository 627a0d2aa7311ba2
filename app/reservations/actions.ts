"use server";

import { readManageToken } from "@/app/book/manage-token";
import { action } from "@/lib/actions";
import { cancelReservation } from "@/lib/reservations";
import { reservationRefSchema } from "@/lib/reservations/contract";

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
