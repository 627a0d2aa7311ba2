"use server";

import { action, type ActionContext } from "@/lib/actions";
import { toAvailabilityInput } from "@/lib/availability";
import { candidateServiceDates, loadDayContext } from "@/lib/availability/load";
import { addDays, computeAvailability } from "@/lib/availability/slots";
import { systemClock } from "@/lib/clock";
import { DomainError, isDomainError } from "@/lib/errors";
import {
  cancelReservation,
  confirmReservation,
  extendHold,
  getReservation,
  holdTable,
  nearestAlternatives,
} from "@/lib/reservations";
import { confirmBookingSchema, holdTableSchema, reservationRefSchema } from "@/lib/reservations/schemas";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import { readManageToken, storeManageToken } from "./manage-token";

/**
 * The booking flow's writes. Each one is a public endpoint: the principal comes from the session
 * inside `action`, a guest proves the reservation is theirs with the manage token from their
 * cookie (or the link they opened), and the services decide everything else.
 */

/**
 * Holds a table at one of the day's seatings and stores the manage token for this browser. With
 * `replaces`, the hold is a change to a confirmed reservation the caller may manage; the old one is
 * cancelled only when the new one is confirmed.
 */
export const holdTableAction = action(holdTableSchema, async (input, { db, principal, ip }) => {
  let replacesId: string | null = null;
  if (input.replaces) {
    const token = await readManageToken(input.replaces, input.replacesToken);
    // Reading it through the service is the authorisation: 401/404 unless the caller may manage it.
    const old = await getReservation(db, { reservationId: input.replaces, access: { principal, manageToken: token } });
    if (old.restaurantId !== input.restaurantId) {
      throw new DomainError("invalid_input", "A change stays at the same restaurant. Cancel this booking and book the other restaurant instead.");
    }
    if (old.status !== "confirmed") {
      throw new DomainError("invalid_transition", "Only a confirmed reservation can be changed.");
    }
    const restaurant = await getRestaurant(db, principal, old.restaurantId);
    const cutoff = old.startsAt.getTime() - restaurant.cancellationCutoffMinutes * 60_000;
    if (systemClock.now().getTime() >= cutoff) {
      throw new DomainError("outside_policy", "It is too close to the booking to change it online. Please call the restaurant.");
    }
    replacesId = old.id;
  }
  try {
    const result = await holdTable(db, {
      restaurantId: input.restaurantId,
      startsAt: input.startsAt,
      partySize: input.partySize,
      principal,
      holderKey: principal?.userId ?? ip,
      source: "web",
      replacesId,
    });
    await storeManageToken(result.reservation.code, result.manageToken);
    return { code: result.reservation.code };
  } catch (e) {
    if (isDomainError(e) && e.code === "slot_unavailable") throw await withFreshAlternatives(db, e, input);
    throw e;
  }
});

/**
 * holdTable suggests alternatives from the day as it read it before placing the hold; when another
 * diner won the race in between, that snapshot still shows their time free. Losing a race is when
 * good suggestions matter most, so read the day again (one query, no cache) and suggest from that.
 */
async function withFreshAlternatives(
  db: ActionContext["db"],
  error: DomainError,
  input: { restaurantId: string; startsAt: Date; partySize: number },
): Promise<DomainError> {
  try {
    const utcDate = input.startsAt.toISOString().slice(0, 10);
    const ctx = await loadDayContext(db, input.restaurantId, addDays(utcDate, -2), addDays(utcDate, 1));
    if (!ctx) return error;
    const now = systemClock.now();
    for (const date of candidateServiceDates(input.startsAt, ctx.restaurant.timezone)) {
      const slots = computeAvailability(toAvailabilityInput(ctx, date, input.partySize, now));
      if (!slots.some((s) => s.startsAt.getTime() === input.startsAt.getTime())) continue;
      const alternatives = nearestAlternatives(
        slots.filter((s) => s.startsAt.getTime() !== input.startsAt.getTime()),
        input.startsAt,
      );
      return new DomainError(error.code, error.message, {
        details: { alternatives: alternatives.map((a) => ({ starts_at: a.startsAt.toISOString(), local_time: a.localTime })) },
      });
    }
    return error;
  } catch {
    // Suggestions are a courtesy: the diner still learns the time was taken.
    return error;
  }
}

/** held → confirmed with the guest's details (the same schema the form validates with). */
export const confirmBookingAction = action(confirmBookingSchema, async (input, { db, principal }) => {
  const manageToken = await readManageToken(input.code);
  const view = await confirmReservation(db, {
    reservationId: input.code,
    access: { principal, manageToken },
    details: {
      name: input.name,
      email: input.email,
      phone: input.phone || null,
      occasion: input.occasion || null,
      specialRequests: input.specialRequests || null,
    },
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
  const current = await getReservation(db, { reservationId: input.code, access: { principal, manageToken } });
  if (current.status !== "held") {
    throw new DomainError("invalid_transition", "Only a table that is still held can be released here.");
  }
  const view = await cancelReservation(db, { reservationId: input.code, access: { principal, manageToken } });
  return { status: view.status };
});
