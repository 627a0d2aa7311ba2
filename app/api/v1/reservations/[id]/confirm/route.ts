import { route } from "@/lib/api/handler";
import { confirmBody, idParams } from "@/lib/api/schemas";
import { serializeReservation } from "@/lib/api/serialize";
import { confirmReservation } from "@/lib/reservations";

export const POST = route({ params: idParams, body: confirmBody }, async ({ db, principal, params, body, manageToken }) =>
  serializeReservation(
    await confirmReservation(db, {
      reservationId: params.id,
      access: { principal, manageToken },
      details: {
        name: body.name,
        email: body.email,
        phone: body.phone ?? null,
        specialRequests: body.special_requests ?? null,
        occasion: body.occasion ?? null,
      },
    }),
  ),
);
