import { route } from "@/lib/api/handler";
import { idParams, statusPatchBody } from "@/lib/api/schemas";
import { serializeReservation } from "@/lib/api/serialize";
import { getReservation, updateReservationStatus } from "@/lib/reservations";

export const GET = route({ params: idParams }, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await getReservation(db, { reservationId: params.id, access: { principal, manageToken } })),
);

export const PATCH = route({ auth: "required", params: idParams, body: statusPatchBody }, async ({ db, principal, params, body }) =>
  serializeReservation(await updateReservationStatus(db, { reservationId: params.id, access: { principal }, status: body.status })),
);
