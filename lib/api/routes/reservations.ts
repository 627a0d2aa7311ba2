/** Availability and reservation routes. app/ re-exports them. */
import { z } from "zod";
import { MEMBER_ERRORS } from "@/lib/api/doc";
import { route } from "@/lib/api/handler";
import {
  availabilityQuery,
  availabilityResponse,
  confirmBody,
  anyHoldBody,
  holdBody,
  holdResponse,
  idOrSlugParams,
  idParams,
  listOf,
  memberReservationBody,
  reservationResponse,
  reservationsQuery,
  seatHoldBody,
  statusPatchBody,
} from "@/lib/api/schemas";
import { serializeReservation, toAvailabilityWire } from "@/lib/api/serialize";
import { getAvailabilityText, type AvailabilityView } from "@/lib/availability";
import { jsonText } from "@/lib/api/response";
import { holdSeats } from "@/lib/experiences";
import { cancelReservation, confirmReservation, createMemberReservation, extendHold, getReservation, holdTable, listRestaurantReservations, updateReservationStatus } from "@/lib/reservations";

export const availabilityHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/restaurants/{id}/availability",
    example: { query: { date: "2031-06-01", party_size: "2" } },
    tag: "Availability",
    summary: "Slots for a local date and party size",
    description:
      "Every seating of the day in order; `available: false` for those that cannot take this party now (taken, paced out, too soon). A closed day has `slots: []`.",
    response: availabilityResponse,
    errors: ["invalid_input", "not_found", "outside_policy", "unavailable"],
  },
  auth: "optional",
  params: idOrSlugParams,
  query: availabilityQuery,
}, async ({ db, principal, params, query }) => {
  // A repeated day is served as the text cached for it, neither parsed nor rendered again.
  const text = await getAvailabilityText(db, { restaurant: params.id, date: query.date, partySize: query.party_size, principal }, AVAILABILITY_WIRE);
  return jsonText(text, 200);
});

const AVAILABILITY_WIRE = { name: "wire", render: (day: AvailabilityView) => JSON.stringify(toAvailabilityWire(day)) };

export const holdHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/reservations",
    example: { body: { restaurant_id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11", starts_at: "2031-06-01T19:00:00Z", party_size: 2, table_id: "0b6f2a3c-5d7e-4f81-9a2b-3c4d5e6f7a8b" } },
    tag: "Reservations",
    summary: "Hold a table",
    description:
      "Places a short hold on the best-fitting free table. `starts_at` must be one of the day's seatings; `table_id` is for members only. Or, with `{experience_id, section_id, party_size}`, holds seats at an experience (`table: null`, with `experience`, `amount_cents` and `currency`); 409 `slot_unavailable` when fewer seats are left. Keep the `manage_token`: it is shown once.",
    response: holdResponse,
    // Holds per client are limited inside the service.
    errors: ["invalid_input", "unauthenticated", "forbidden", "not_found", "slot_unavailable", "outside_policy", "slot_locked", "rate_limited", "conflict", "unavailable"],
  },
  auth: "optional",
  body: anyHoldBody,
  idempotent: true,
  status: 201,
  // The hold committed but its answer was lost: the same answer, manage token included (sealed at rest).
  answerFrom: async ({ db, principal }, held) => ({
    ...serializeReservation(await getReservation(db, { reservationId: held.id, access: { principal, manageToken: held.secret } })),
    manage_token: held.secret,
  }),
}, async ({ db, principal, body: hold, ip }) => {
  const holderKey = principal ? `user:${principal.userId}` : `ip:${ip}`;
  if (hold.kind === "seats") {
    const seats = await holdSeats(db, { ...hold.seats, principal, holderKey, clientAddress: ip, source: "api" });
    return { ...serializeReservation(seats.reservation), manage_token: seats.manageToken };
  }
  const body = hold.table;
  const { reservation, manageToken } = await holdTable(db, {
    ...body,
    tableId: body.tableId ?? null,
    principal,
    holderKey,
    // An account is a person; an address without one may be many people behind one NAT.
    oneHoldPerRestaurant: principal !== null,
    clientAddress: ip,
    source: "api",
  });
  return { ...serializeReservation(reservation), manage_token: manageToken };
});

export const getReservationHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/reservations/{id}",
    tag: "Reservations",
    summary: "Get a reservation",
    description:
      "With its manage token (`X-Manage-Token`), as the diner, or as a member of its restaurant. `X-Manage-Token` also takes the signed `token` of an email's manage link; one that expired (three days after the booking ends) or predates a cancel or change is 401 with `details.reason` `link_expired` or `link_stale`.",
    response: reservationResponse,
    errors: ["unauthenticated", "not_found", "unavailable"],
  },
  auth: "manage_token_or_signed_in",
  params: idParams,
}, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await getReservation(db, { reservationId: params.id, access: { principal, manageToken } })),
);

export const updateReservationStatusHandler = route({
  doc: {
    method: "PATCH",
    path: "/api/v1/reservations/{id}",
    example: { body: { status: "seated" } },
    tag: "Reservations",
    summary: "Seat, finish or mark a no-show (seat only the service that is on; no no-show before its day)",
    roles: "owner, manager, host",
    response: reservationResponse,
    errors: [...MEMBER_ERRORS, "invalid_transition", "outside_policy"],
  },
  auth: "member",
  params: idParams,
  body: statusPatchBody,
}, async ({ db, principal, params, body }) =>
  serializeReservation(await updateReservationStatus(db, { reservationId: params.id, access: { principal }, status: body.status })),
);

export const confirmHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/reservations/{id}/confirm",
    example: { body: { name: "Ada", email: "ada@example.test", phone: "+44 20 7946 0000", special_requests: "Window.", occasion: "birthday" } },
    tag: "Reservations",
    summary: "Confirm a hold",
    description:
      "With the manage token or as the holder. Confirming again after success returns the same reservation. When the restaurant takes a deposit or holds a card, the answer is 402 payment_required with `payment.checkout_url`; the details are kept, the hold lasts as long as the checkout, and the payment confirms the reservation.",
    response: reservationResponse,
    errors: ["invalid_input", "unauthenticated", "payment_required", "not_found", "hold_expired", "invalid_transition", "unavailable"],
  },
  auth: "manage_token_or_signed_in",
  params: idParams,
  body: confirmBody,
  idempotent: true,
}, async ({ db, principal, params, body, manageToken }) =>
  serializeReservation(
    await confirmReservation(db, {
      reservationId: params.id,
      access: { principal, manageToken },
      details: body,
    }),
  ),
);

export const extendHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/reservations/{id}/extend",
    tag: "Reservations",
    summary: "Extend a hold once",
    response: reservationResponse,
    errors: ["unauthenticated", "not_found", "hold_expired", "invalid_transition", "unavailable"],
  },
  auth: "manage_token_or_signed_in",
  params: idParams,
}, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await extendHold(db, { reservationId: params.id, access: { principal, manageToken } })),
);

export const cancelHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/reservations/{id}/cancel",
    tag: "Reservations",
    summary: "Cancel a reservation",
    description: "With the manage token, as the diner before the cancellation cut-off, or as a member at any time.",
    response: reservationResponse,
    errors: ["unauthenticated", "not_found", "outside_policy", "invalid_transition", "unavailable"],
  },
  auth: "manage_token_or_signed_in",
  params: idParams,
  idempotent: true,
}, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await cancelReservation(db, { reservationId: params.id, access: { principal, manageToken } })),
);

export const listReservationsHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/restaurants/{id}/reservations",
    example: { query: { date: "2031-06-01" } },
    tag: "Reservations",
    summary: "The day's book",
    roles: "owner, manager, host",
    response: listOf(reservationResponse),
    errors: MEMBER_ERRORS,
  },
  auth: "member",
  params: idParams,
  query: reservationsQuery,
}, async ({ db, principal, params, query }) => ({
  items: (await listRestaurantReservations(db, { restaurantId: params.id, date: query.date, principal })).map(serializeReservation),
}));

export const createMemberReservationHandler = route(
  {
    doc: {
      method: "POST",
      path: "/api/v1/restaurants/{id}/reservations",
      example: { body: { starts_at: "2031-06-01T19:00:00Z", party_size: 2, name: "Ada", phone: "+44 20 7946 0000", email: "ada@example.test", special_requests: "Window.", notes: "Regular." } },
      tag: "Reservations",
      summary: "Phone booking or walk-in",
      description: "`status: confirmed` for a phone booking, `seated` for a walk-in. The same overlap rules apply.",
      roles: "owner, manager, host",
      response: reservationResponse,
      errors: [...MEMBER_ERRORS, "slot_unavailable", "outside_policy", "slot_locked", "conflict"],
    },
    auth: "member",
    params: idParams,
    body: memberReservationBody,
    idempotent: true,
    status: 201,
    answerFrom: async ({ db, principal }, made) => serializeReservation(await getReservation(db, { reservationId: made.id, access: { principal } })),
  },
  async ({ db, principal, params, body }) =>
    serializeReservation(await createMemberReservation(db, { ...body, restaurantId: params.id, principal })),
);

// The reference shows both bodies the hold takes: a table hold, or a seat hold at an experience.
if (holdHandler.doc) holdHandler.doc.bodyShown = z.union([holdBody, seatHoldBody]);
