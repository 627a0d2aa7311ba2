import { route } from "@/lib/api/handler";
import { idParams } from "@/lib/api/schemas";
import { serializeReservation } from "@/lib/api/serialize";
import { extendHold } from "@/lib/reservations";

export const POST = route({ params: idParams }, async ({ db, principal, params, manageToken }) =>
  serializeReservation(await extendHold(db, { reservationId: params.id, access: { principal, manageToken } })),
);
