import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments, reservations, restaurants } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { DomainError, notFound } from "@/lib/errors";
import { applyStripeEvent, type EventOutcome } from "./events";

/**
 * The development checkout: with no STRIPE_SECRET_KEY, a booking's `checkout_url` leads to a page in
 * this app whose "Pay" and "Decline" feed the same event handler a signed Stripe webhook reaches.
 * Never in production, whatever the dev-tools flag says: it confirms bookings without money.
 */
export function devCheckoutEnabled(): boolean {
  const env = getEnv();
  return env.NODE_ENV !== "production" && !env.STRIPE_SECRET_KEY;
}

export async function loadDevCheckout(db: Db, paymentId: string) {
  if (!devCheckoutEnabled()) throw notFound("Checkout");
  const [found] = await db
    .select({
      payment: payments,
      reservation: { code: reservations.code, status: reservations.status, partySize: reservations.partySize, startsAt: reservations.startsAt },
      restaurant: { name: restaurants.name, slug: restaurants.slug, timezone: restaurants.timezone },
    })
    .from(payments)
    .innerJoin(reservations, eq(reservations.id, payments.reservationId))
    .innerJoin(restaurants, eq(restaurants.id, payments.restaurantId))
    .where(eq(payments.id, paymentId))
    .limit(1);
  if (!found || !found.payment.checkoutSessionId) throw notFound("Checkout");
  return found;
}

/** "Pay" (checkout.session.completed) or "Decline" (checkout.session.expired), applied once per payment. */
export async function settleDevCheckout(db: Db, paymentId: string, choice: "pay" | "decline"): Promise<{ outcome: EventOutcome; code: string }> {
  const { payment, reservation } = await loadDevCheckout(db, paymentId);
  if (payment.status !== "requires_action") throw new DomainError("invalid_transition", "This checkout is already finished.");
  const session = {
    id: payment.checkoutSessionId!,
    object: "checkout.session",
    mode: payment.kind === "card_guarantee" ? "setup" : "payment",
    payment_status: choice === "pay" && payment.kind !== "card_guarantee" ? "paid" : "unpaid",
    amount_total: payment.kind === "card_guarantee" ? null : payment.amountCents,
    payment_intent: choice === "pay" && payment.kind !== "card_guarantee" ? `pi_dev_${payment.id}` : null,
    setup_intent: choice === "pay" && payment.kind === "card_guarantee" ? { id: `seti_dev_${payment.id}`, payment_method: `pm_dev_${payment.id}` } : null,
    customer: payment.customerId ?? `cus_dev_${payment.id}`,
    metadata: { payment_id: payment.id },
  };
  const type = choice === "pay" ? "checkout.session.completed" : "checkout.session.expired";
  const { outcome } = await applyStripeEvent(db, { id: `evt_dev_${payment.id}_${choice}`, type, data: { object: session } });
  return { outcome, code: reservation.code };
}
