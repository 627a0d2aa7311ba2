"use server";

import { moneyPolicyActionSchema, refundSchema } from "@/lib/payments/contract";
import { refundReservationPayment } from "@/lib/payments/refund-service";
import { updateRestaurant } from "@/lib/restaurants/restaurants";
import { ownerAction, refreshed } from "./action-steps";

/**
 * Refunds a booking's deposit, prepayment or charged fee, fully or in part, from the day book's
 * dialog. The caller is the session's principal; the service checks they own or manage the booking's
 * restaurant, caps the amount at what is left, and treats a repeat of the same request as done.
 */
export const refundPaymentAction = ownerAction(
  refundSchema,
  async (input, { db, principal }) => {
    const view = await refundReservationPayment(db, {
      reservationId: input.reservationId,
      restaurantId: input.restaurantId,
      access: { principal },
      amountCents: input.amountCents,
      refundsSeen: input.refundsSeen,
    });
    return { status: view.payment.status, refundedCents: view.payment.refundedCents };
  },
);

/**
 * The restaurant's deposit and card-guarantee policy from the settings form, in the units the owner
 * typed (amounts per person, hours); owners and managers (the service checks the role).
 */
export const updateMoneyPolicyAction = ownerAction(
  moneyPolicyActionSchema,
  async ({ restaurantId, policy }, { db, principal }) => {
    await updateRestaurant(db, principal, restaurantId, { policy });
    return refreshed({ saved: true });
  },
);
