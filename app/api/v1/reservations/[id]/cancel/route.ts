import { route } from "@/lib/api/handler";
import { idParams } from "@/lib/api/schemas";
import { serializeReservation } from "@/lib/api/serialize";
import { cancelReservation } from "@/lib/reservations";

export const POST = route({ params: idParams }, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await cancelReservation(db, { reservationId: params.id, access: { principal, manageToken } })),
);
