import { route } from "@/lib/api/handler";
import { holdBody } from "@/lib/api/schemas";
import { serializeReservation } from "@/lib/api/serialize";
import { holdTable } from "@/lib/reservations";

export const POST = route({ body: holdBody, idempotent: true, status: 201 }, async ({ db, principal, body, ip }) => {
  const { reservation, manageToken } = await holdTable(db, {
    restaurantId: body.restaurant_id,
    startsAt: body.starts_at,
    partySize: body.party_size,
    tableId: body.table_id ?? null,
    principal,
    holderKey: principal ? `user:${principal.userId}` : `ip:${ip}`,
    source: "api",
  });
  return { ...serializeReservation(reservation), manage_token: manageToken };
});
