"use server";

import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { action, type ActionContext } from "@/lib/actions";
import { cutoffDeadline, paymentDue, paymentPolicyOf, policySentence } from "@/lib/payments/policy";
import { getReservation, holdTable } from "@/lib/reservations";
import { holdTableSchema, manageToken, reservationRefSchema } from "@/lib/reservations/contract";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import { mintBookingSession, verifyBookingSession } from "../book/booking-session";

/**
 * The booking widget's own hold, for a page framed by another site. There the browser sends none of
 * our cookies (they are SameSite=Lax, and third-party cookies are blocked or partitioned anyway), so
 * neither the booking-session cookie nor the manage-token cookie can say whose hold it is. Instead
 * the widget keeps both itself, in its own memory and this tab's sessionStorage: the signed booking
 * session (`booker`, the same signed value the cookie would hold, so holds stay one per person and
 * restaurant and count against the anonymous share exactly as on the site) and the hold's manage
 * token, which it hands back to extend, release and confirm. Nothing reaches the parent page: the
 * frame is another origin, and storage is partitioned by the top-level site.
 */

const embedHoldSchema = holdTableSchema.omit({ replaces: true, replacesToken: true }).extend({
  booker: z.string().max(200).optional(),
});

export interface EmbedHoldView {
  code: string;
  status: string;
  serviceDate: string;
  startsAt: string;
  partySize: number;
  holdExpiresAt: string | null;
  holdExtended: boolean;
  serverNow: string;
  paymentNote: string | null;
  paymentKind: "deposit" | "prepayment" | "card_guarantee" | null;
}

async function holdView(db: ActionContext["db"], principal: Principal | null, code: string, token: string): Promise<EmbedHoldView> {
  const view = await getReservation(db, { reservationId: code, access: { principal, manageToken: token } });
  const restaurant = await getRestaurant(db, principal, view.restaurantId);
  const now = new Date();
  const live = view.status === "held" && view.holdExpiresAt !== null && view.holdExpiresAt > now;
  const policy = paymentPolicyOf(restaurant);
  return {
    code: view.code,
    status: view.status,
    serviceDate: view.serviceDate,
    startsAt: view.startsAt.toISOString(),
    partySize: view.partySize,
    holdExpiresAt: live ? view.holdExpiresAt!.toISOString() : null,
    holdExtended: view.holdExtended,
    serverNow: now.toISOString(),
    paymentNote: policySentence(policy, view.partySize, cutoffDeadline(view.startsAt, restaurant.cancellationCutoffMinutes, restaurant.timezone, now)),
    paymentKind: paymentDue(policy, view.partySize)?.kind ?? null,
  };
}

/** Holds a table for the widget's booker; returns the hold, its manage token and the booker to keep. */
export const embedHoldAction = action(embedHoldSchema, async (input, { db, principal, ip }) => {
  const known = verifyBookingSession(input.booker);
  const booker = known ? { id: known, value: input.booker! } : mintBookingSession();
  const result = await holdTable(db, {
    restaurantId: input.restaurantId,
    startsAt: input.startsAt,
    partySize: input.partySize,
    principal,
    holderKey: principal ? `user:${principal.userId}` : `bs:${booker.id}`,
    oneHoldPerRestaurant: true,
    askIfOverlapping: !input.bookAnyway,
    clientAddress: ip,
    source: "web",
    replaces: null,
  });
  return {
    code: result.reservation.code,
    manageToken: result.manageToken,
    booker: booker.value,
    view: await holdView(db, principal, result.reservation.code, result.manageToken),
  };
});

/** The widget's hold again (after a reload of the frame), by the token it kept. */
export const embedHoldViewAction = action(reservationRefSchema.extend({ token: manageToken }), async (input, { db, principal }) =>
  holdView(db, principal, input.code, input.token),
);
