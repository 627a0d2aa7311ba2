import { route } from "@/lib/api/handler";
import { idParams, memberReservationBody, reservationsQuery } from "@/lib/api/schemas";
import { serializeReservation } from "@/lib/api/serialize";
import { createMemberReservation, listRestaurantReservations } from "@/lib/reservations";

export const GET = route({ auth: "required", params: idParams, query: reservationsQuery }, async ({ db, principal, params, query }) => ({
  items: (await listRestaurantReservations(db, { restaurantId: params.id, date: query.date, principal })).map(serializeReservation),
}));

export const POST = route(
  { auth: "required", params: idParams, body: memberReservationBody, idempotent: true, status: 201 },
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
