import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { DevCheckoutButtons } from "@/components/diner/dev-checkout-buttons";
import { formatDateIn, formatTimeIn, partyLabel } from "@/components/diner/format";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { devCheckoutEnabled, loadDevCheckout } from "@/lib/payments/dev-checkout";
import { formatMoney } from "@/lib/payments/money";
import "@/components/diner/diner.css";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Development checkout", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** Stands in for Stripe Checkout when no STRIPE_SECRET_KEY is set; a 404 in production. */
export default async function DevCheckoutPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  if (!devCheckoutEnabled()) notFound();
  const { id } = await params;
  let found;
  try {
    found = await loadDevCheckout(getDb(), id);
  } catch (e) {
    if (isDomainError(e)) notFound();
    throw e;
  }
  const { payment, reservation, restaurant } = found;
  const card = payment.kind === "card_guarantee";
  const amount = formatMoney(payment.amountCents, payment.currency);
  return (
    <div className="status-page">
      <h1>Development checkout</h1>
      <p className="muted">
        No Stripe key is configured, so this page stands in for Stripe Checkout. Its buttons go through the same code as
        Stripe&rsquo;s signed webhook.
      </p>
      <Card as="section" aria-label="What is due">
        <p>
          {partyLabel(reservation.partySize)} at {restaurant.name}, {formatDateIn(reservation.startsAt, restaurant.timezone)} at{" "}
          {formatTimeIn(reservation.startsAt, restaurant.timezone)} (booking {reservation.code}).
        </p>
        <p data-testid="dev-checkout-amount">
          {card ? (
            <>
              Save a card. Nothing is charged now; up to <strong>{amount}</strong> if you do not come.
            </>
          ) : (
            <>
              Deposit: <strong>{amount}</strong>
            </>
          )}
        </p>
        {payment.status === "requires_action" ? (
          <DevCheckoutButtons paymentId={payment.id} code={reservation.code} slug={restaurant.slug} card={card} />
        ) : (
          <Alert as="p">This checkout is finished ({payment.status.replace("_", " ")}).</Alert>
        )}
      </Card>
    </div>
  );
}
