import type { Db } from "@/db/client";
import { can } from "@/lib/restaurants/access";
import { DomainError } from "@/lib/errors";
import { loadAuthorized, toView } from "@/lib/reservations/records";
import type { ReservationAccess, ReservationView } from "@/lib/reservations/view";
import { refundPayment } from "./settle";

/** The booking dialog's refund: owners and managers only, never more than was paid. */
export async function refundReservationPayment(
  db: Db,
  input: { reservationId: string; access: ReservationAccess; amountCents?: number },
): Promise<ReservationView> {
  const { loaded, accessor } = await loadAuthorized(db, input.reservationId, input.access);
  if (accessor.kind !== "member" || !can(accessor.role, "restaurant.update")) {
    throw new DomainError("forbidden", "Only the restaurant's owner or a manager can refund.");
  }
  if (!loaded.payment) throw new DomainError("invalid_transition", "This booking has no payment.");
  const payment = await refundPayment(db, { paymentId: loaded.payment.id, amountCents: input.amountCents, requestedBy: accessor.userId });
  return toView(loaded.row, loaded.tableLabel, payment);
}
