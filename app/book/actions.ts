"use server";

import { action } from "@/lib/actions";
import { holdSeats } from "@/lib/experiences";
import { holdSeatsSchema } from "@/lib/experiences/contract";
import { confirmReservation, extendHold, holdTable, releaseHold } from "@/lib/reservations";
import { confirmBookingSchema, holdTableSchema, reservationRefSchema } from "@/lib/reservations/contract";
import { bookingSessionId } from "./booking-session";
import { readManageToken, storeManageToken } from "./manage-token";

/**
 * The booking flow's writes. Each one is a public endpoint: the principal comes from the session
 * inside `action`, a guest proves the reservation is theirs with the manage token from their
 * cookie (or the link they opened), and the services decide everything else.
 */

/**
 * Holds a table at one of the day's seatings and stores the manage token for this browser. With
 * `replaces`, the hold is a change to a confirmed reservation the caller may manage; confirming it
 * moves that reservation to the new time (same code and link), and until then it stands as it was.
 */
export const holdTableAction = action(holdTableSchema, async (input, { db, principal, ip }) => {
  const changeToken = input.replaces ? await readManageToken(input.replaces, input.replacesToken) : null;
  const replaces = input.replaces ? { reservationId: input.replaces, access: { principal, manageToken: changeToken } } : null;
  const result = await holdTable(db, {
    restaurantId: input.restaurantId,
    startsAt: input.startsAt,
    partySize: input.partySize,
    principal,
    holderKey: principal ? `user:${principal.userId}` : `bs:${await bookingSessionId()}`,
    oneHoldPerRestaurant: true,
    askIfOverlapping: !input.bookAnyway,
    clientAddress: ip,
    source: "web",
    replaces,
  });
  await storeManageToken(result.reservation.code, result.manageToken);
  // The change was allowed, so the token (perhaps only in the emailed link) opens that booking: keep
  // it for this browser, where the confirmation page of the changed booking will look for it.
  if (input.replaces && changeToken) await storeManageToken(input.replaces, changeToken);
  return { code: result.reservation.code };
});

/**
 * Holds seats in one section of an experience for this browser (or account), like a table: the same
 * holder, the same manage token cookie, then the same booking page.
 */
export const holdSeatsAction = action(holdSeatsSchema, async (input, { db, principal, ip }) => {
  const result = await holdSeats(db, {
    ...input,
    principal,
    holderKey: principal ? `user:${principal.userId}` : `bs:${await bookingSessionId()}`,
    clientAddress: ip,
    source: "web",
  });
  await storeManageToken(result.reservation.code, result.manageToken);
  return { code: result.reservation.code };
});

/** held → confirmed with the guest's details (the same schema the form validates with). */
export const confirmBookingAction = action(confirmBookingSchema, async (input, { db, principal }) => {
  const manageToken = await readManageToken(input.code, input.token);
  const view = await confirmReservation(db, {
    reservationId: input.code,
    access: { principal, manageToken },
    details: { name: input.name, email: input.email, phone: input.phone, occasion: input.occasion, specialRequests: input.specialRequests },
  });
  return { code: view.code, status: view.status };
});

/** One more hold period, once per hold. */
export const extendHoldAction = action(reservationRefSchema, async (input, { db, principal }) => {
  const manageToken = await readManageToken(input.code, input.token);
  const view = await extendHold(db, { reservationId: input.code, access: { principal, manageToken } });
  return { holdExpiresAt: view.holdExpiresAt?.toISOString() ?? null, holdExtended: view.holdExtended };
});

/** Lets a held table go before its hold runs out, so someone else can have it. */
export const releaseHoldAction = action(reservationRefSchema, async (input, { db, principal }) => {
  const manageToken = await readManageToken(input.code, input.token);
  const view = await releaseHold(db, { reservationId: input.code, access: { principal, manageToken } });
  return { status: view.status };
});
