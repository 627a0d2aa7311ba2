import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments, reservations, type Payment } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { publishEvents } from "@/lib/jobs/events";
import { loadAuthorized, type LoadedReservation } from "@/lib/reservations/records";
import type { ReservationAccess } from "@/lib/reservations/view";
import { paymentDue, paymentPolicyOf, type PaymentDue, type PaymentPolicy } from "./policy";
import { stripeClient, stripeFailure, stripeKey } from "./stripe";

/** Stripe keeps a Checkout Session open at least 30 minutes; ours stays open a little longer. */
export const CHECKOUT_MINUTES = 31;

export interface CheckoutGuest {
  name: string;
  email: string;
  phone?: string | null;
  specialRequests?: string | null;
  occasion?: string | null;
}

/** What a 402 carries, in the API's shape. */
export function paymentRequiredDetails(p: Pick<Payment, "kind" | "amountCents" | "currency" | "checkoutUrl">) {
  return {
    payment: {
      status: "requires_action" as const,
      kind: p.kind,
      amount_cents: p.amountCents,
      currency: p.currency,
      checkout_url: p.checkoutUrl,
    },
  };
}

function paymentRequired(p: Payment): DomainError {
  const what =
    p.kind === "card_guarantee"
      ? "A card is needed to guarantee this booking."
      : p.kind === "prepayment"
        ? "These seats are paid for in full to confirm them."
        : "A deposit is needed to confirm this booking.";
  return new DomainError("payment_required", `${what} Continue to the checkout to finish.`, { details: paymentRequiredDetails(p) });
}

export function dueFor(loaded: LoadedReservation): PaymentDue | null {
  // Seats at an experience are paid in full at booking (free ones confirm directly); the
  // restaurant's deposit and card policy is for tables.
  if (loaded.experience) {
    const amountCents = loaded.experience.priceCents * loaded.row.partySize;
    return amountCents > 0 ? { kind: "prepayment", amountCents, currency: loaded.experience.currency } : null;
  }
  return paymentDue({ ...loaded.restaurant }, loaded.row.partySize);
}

/**
 * The money policy a booking follows (its session's where the session sets one, else the
 * restaurant's): what the booking page states before the diner commits, and what `dueFor` asks.
 */
export async function getBookingPaymentPolicy(db: Db, input: { reservationId: string; access: ReservationAccess }): Promise<PaymentPolicy> {
  const { loaded } = await loadAuthorized(db, input.reservationId, input.access);
  return paymentPolicyOf(loaded.restaurant);
}

/**
 * The confirm of a hold that needs money or a card. Keeps the guest's details on the held row, opens
 * (once) a Stripe Checkout Session for the payment row, stretches the hold to the checkout's expiry,
 * and throws 402 `payment_required` naming the checkout. Stripe unreachable → 503, nothing charged,
 * the hold as it was. The webhook (or the development checkout) confirms the reservation.
 */
export async function requirePayment(db: Db, loaded: LoadedReservation, guest: CheckoutGuest, due: PaymentDue): Promise<never> {
  const row0 = loaded.row;
  // 1. Details and the payment row, while the hold is still ours.
  const payment = await db.transaction(async (tx) => {
    const [held] = await tx
      .update(reservations)
      .set({
        guestName: guest.name,
        guestEmail: guest.email,
        guestPhone: guest.phone ?? null,
        specialRequests: guest.specialRequests ?? null,
        occasion: guest.occasion ?? null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(reservations.id, row0.id), eq(reservations.status, "held"), sql`${reservations.holdExpiresAt} > now()`))
      .returning({ id: reservations.id });
    if (!held) return null;
    await tx
      .insert(payments)
      .values({
        reservationId: row0.id,
        restaurantId: row0.restaurantId,
        kind: due.kind,
        amountCents: due.amountCents,
        currency: due.currency,
        checkoutExpiresAt: sql`now() + make_interval(mins => ${CHECKOUT_MINUTES})`,
      })
      .onConflictDoNothing({ target: payments.reservationId });
    const [p] = await tx.select().from(payments).where(eq(payments.reservationId, row0.id)).for("update");
    return p!;
  });
  if (!payment) throw new DomainError("hold_expired", "Your hold on this table has expired. Choose a time again.");
  if (payment.status !== "requires_action" && payment.status !== "failed") {
    throw new DomainError("invalid_transition", "This booking's payment is already settled.");
  }
  if (payment.checkoutSessionId && payment.checkoutUrl && payment.checkoutExpiresAt && payment.checkoutExpiresAt.getTime() > Date.now() + 60_000) {
    throw paymentRequired(payment);
  }

  // 2. The checkout, outside any transaction (a slow Stripe never holds a connection or a lock).
  const session = await openCheckout(loaded, guest, payment);

  // 3. Record it and let the hold last as long as the checkout.
  const recorded = await db.transaction(async (tx) => {
    const [p] = await tx
      .update(payments)
      .set({
        checkoutSessionId: session.id,
        checkoutUrl: session.url,
        customerId: session.customerId ?? payment.customerId,
        status: "requires_action",
        updatedAt: sql`now()`,
      })
      .where(eq(payments.id, payment.id))
      .returning();
    const [r] = await tx
      .update(reservations)
      .set({
        holdExpiresAt: sql`greatest(${reservations.holdExpiresAt}, ${payment.checkoutExpiresAt!.toISOString()}::timestamptz)`,
        version: sql`${reservations.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(reservations.id, row0.id), eq(reservations.status, "held"), sql`${reservations.holdExpiresAt} > now()`))
      .returning();
    return { payment: p!, reservation: r ?? null };
  });
  if (!recorded.reservation) {
    // The hold lapsed while Stripe answered. A payment made anyway is settled by the webhook.
    throw new DomainError("hold_expired", "Your hold on this table has expired. Choose a time again.");
  }
  await publishEvents([
    {
      name: "reservation/held",
      id: `held-${row0.id}-checkout`,
      data: { id: row0.id, restaurant_id: row0.restaurantId, hold_expires_at: recorded.reservation.holdExpiresAt!.toISOString() },
    },
  ]);
  throw paymentRequired(recorded.payment);
}

interface OpenedCheckout {
  id: string;
  url: string;
  customerId?: string | null;
}

function base(): string {
  return appUrl().replace(/\/+$/, "");
}

/** Creates the Checkout Session (mode `payment` for money, `setup` for a card), or the development stand-in. */
async function openCheckout(loaded: LoadedReservation, guest: CheckoutGuest, payment: Payment): Promise<OpenedCheckout> {
  const stripe = stripeClient();
  if (!stripe) return { id: `cs_dev_${payment.id}`, url: `${base()}/dev/checkout/${payment.id}` };

  const r = loaded.row;
  const expiresAt = Math.floor(payment.checkoutExpiresAt!.getTime() / 1000);
  const metadata = { payment_id: payment.id, reservation_id: r.id, reservation_code: r.code };
  const successUrl = `${base()}/reservations/${encodeURIComponent(r.code)}/confirmed`;
  const cancelUrl = `${base()}/r/${encodeURIComponent(loaded.restaurant.slug)}`;
  try {
    if (payment.kind === "card_guarantee") {
      const customer = payment.customerId
        ? { id: payment.customerId }
        : await stripe.customers.create(
            { email: guest.email, name: guest.name, metadata },
            { idempotencyKey: stripeKey(payment.id, "customer") },
          );
      const session = await stripe.checkout.sessions.create(
        {
          mode: "setup",
          customer: customer.id,
          currency: payment.currency.toLowerCase(),
          client_reference_id: r.id,
          metadata,
          setup_intent_data: { metadata },
          expires_at: expiresAt,
          success_url: successUrl,
          cancel_url: cancelUrl,
        },
        { idempotencyKey: stripeKey(payment.id, "checkout") },
      );
      return { id: session.id, url: session.url!, customerId: customer.id };
    }
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        customer_email: guest.email,
        client_reference_id: r.id,
        metadata,
        payment_intent_data: { metadata },
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: payment.currency.toLowerCase(),
              unit_amount: payment.amountCents,
              product_data: {
                name: loaded.experience
                  ? `${loaded.experience.name}, ${loaded.experience.section.name}: ${r.partySize} seat${r.partySize === 1 ? "" : "s"} at ${loaded.restaurant.name} (${r.code})`
                  : `Deposit: table for ${r.partySize} at ${loaded.restaurant.name} (${r.code})`,
              },
            },
          },
        ],
        expires_at: expiresAt,
        success_url: successUrl,
        cancel_url: cancelUrl,
      },
      { idempotencyKey: stripeKey(payment.id, "checkout") },
    );
    return { id: session.id, url: session.url! };
  } catch (e) {
    console.warn(`[payments] checkout for payment ${payment.id} failed: ${(e as Error).message}`);
    throw stripeFailure(e);
  }
}
