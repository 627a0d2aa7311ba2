/** Availability and reservation routes. app/ re-exports them. */
import { route } from "@/lib/api/handler";
import { availabilityQuery, confirmBody, holdBody, idOrSlugParams, idParams, memberReservationBody, reservationsQuery, statusPatchBody } from "@/lib/api/schemas";
import { isoInstant, serializeReservation } from "@/lib/api/serialize";
import { getAvailability } from "@/lib/availability";
import { cancelReservation, confirmReservation, createMemberReservation, extendHold, getReservation, holdTable, listRestaurantReservations, updateReservationStatus } from "@/lib/reservations";

// /api/v1/restaurants/[id]/availability
export const availabilityHandler = route({ params: idOrSlugParams, query: availabilityQuery }, async ({ db, principal, params, query }) => {
  const day = await getAvailability(db, { restaurant: params.id, date: query.date, partySize: query.party_size, principal });
  return {
    restaurant_id: day.restaurantId,
    date: day.date,
    timezone: day.timezone,
    party_size: day.partySize,
    slots: day.slots.map((s) => ({
      starts_at: isoInstant(s.startsAt),
      local_time: s.localTime,
      available: s.available,
      tables_left: s.tablesLeft,
    })),
  };
});

// /api/v1/reservations
export const holdHandler = route({
  body: holdBody,
  idempotent: true,
  status: 201,
  // The hold committed but its answer was lost: the same answer, manage token included (sealed at rest).
  answerFrom: async ({ db, principal }, held) => ({
    ...serializeReservation(await getReservation(db, { reservationId: held.id, access: { principal, manageToken: held.secret } })),
    manage_token: held.secret,
  }),
}, async ({ db, principal, body, ip }) => {
  const { reservation, manageToken } = await holdTable(db, {
    ...body,
    tableId: body.tableId ?? null,
    principal,
    holderKey: principal ? `user:${principal.userId}` : `ip:${ip}`,
    // An account is a person; an address without one may be many people behind one NAT.
    oneHoldPerRestaurant: principal !== null,
    clientAddress: ip,
    source: "api",
  });
  return { ...serializeReservation(reservation), manage_token: manageToken };
});

// /api/v1/reservations/[id]
export const getReservationHandler = route({ params: idParams }, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await getReservation(db, { reservationId: params.id, access: { principal, manageToken } })),
);

export const updateReservationStatusHandler = route({ auth: "required", params: idParams, body: statusPatchBody }, async ({ db, principal, params, body }) =>
  serializeReservation(await updateReservationStatus(db, { reservationId: params.id, access: { principal }, status: body.status })),
);

// /api/v1/reservations/[id]/confirm
export const confirmHandler = route({ params: idParams, body: confirmBody, idempotent: true }, async ({ db, principal, params, body, manageToken }) =>
  serializeReservation(
    await confirmReservation(db, {
      reservationId: params.id,
      access: { principal, manageToken },
      details: body,
    }),
  ),
);

// /api/v1/reservations/[id]/extend
export const extendHandler = route({ params: idParams }, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await extendHold(db, { reservationId: params.id, access: { principal, manageToken } })),
);

// /api/v1/reservations/[id]/cancel
export const cancelHandler = route({ params: idParams, idempotent: true }, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await cancelReservation(db, { reservationId: params.id, access: { principal, manageToken } })),
);

// /api/v1/restaurants/[id]/reservations
export const listReservationsHandler = route({ auth: "required", params: idParams, query: reservationsQuery }, async ({ db, principal, params, query }) => ({
  items: (await listRestaurantReservations(db, { restaurantId: params.id, date: query.date, principal })).map(serializeReservation),
}));

export const createMemberReservationHandler = route(
  {
    auth: "required",
    params: idParams,
    body: memberReservationBody,
    idempotent: true,
    status: 201,
    answerFrom: async ({ db, principal }, made) => serializeReservation(await getReservation(db, { reservationId: made.id, access: { principal } })),
  },
  async ({ db, principal, params, body }) =>
    serializeReservation(
      await createMemberReservation(db, {
        restaurantId: params.id,
        principal,
        startsAt: body.starts_at,
        partySize: body.party_size,
        name: body.name,
        phone: body.phone ?? null,
        email: body.email ?? null,
        tableId: body.table_id ?? null,
        status: body.status,
        specialRequests: body.special_requests ?? null,
        notes: body.notes ?? null,
      }),
    ),
);
