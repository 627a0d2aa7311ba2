import type { Db } from "@/db/client";
import { can } from "@/lib/restaurants/access";
import { DomainError, notFound } from "@/lib/errors";
import { loadAuthorized, toView } from "@/lib/reservations/records";
import type { ReservationAccess, ReservationView } from "@/lib/reservations/view";
import { refundPayment } from "./settle";

/**
 * The booking dialog's refund: owners and managers only (from the session), never more than was paid.
 * `restaurantId`, when given, must be the booking's restaurant (the workspace the owner is in);
 * `refundsSeen` makes a repeated request a no-op (see refundPayment).
 */
export async function refundReservationPayment(
  db: Db,
  input: { reservationId: string; access: ReservationAccess; amountCents?: number; restaurantId?: string; refundsSeen?: number },
): Promise<ReservationView> {
  const { loaded, accessor } = await loadAuthorized(db, input.reservationId, input.access);
  if (input.restaurantId !== undefined && loaded.row.restaurantId !== input.restaurantId) throw notFound("Reservation");
  if (accessor.kind !== "member" || !can(accessor.role, "restaurant.update")) {
    throw new DomainError("forbidden", "Only the restaurant's owner or a manager can refund.");
  }
  if (!loaded.payment) throw new DomainError("invalid_transition", "This booking has no payment.");
  const payment = await refundPayment(db, {
    paymentId: loaded.payment.id,
    amountCents: input.amountCents,
    requestedBy: accessor.userId,
    refundsSeen: input.refundsSeen,
  });
  return toView(loaded.row, loaded, payment);
}
