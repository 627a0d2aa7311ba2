import Stripe from "stripe";
import { getEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";

/**
 * The Stripe client, or null without STRIPE_SECRET_KEY (development: the checkout page in this app
 * stands in). STRIPE_API_BASE points it at a Stripe-compatible server (tests run one).
 */
export function stripeClient(): Stripe | null {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) return null;
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === "https:" ? 443 : 80),
          protocol: base.protocol.replace(":", "") as "http" | "https",
        }
      : {}),
    // One retry on a network error (the idempotency key makes it safe), and never hang a booking.
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
  });
}

/** Stripe idempotency keys: our row and the step, so a retry (ours or the client's) never does it twice. */
export const stripeKey = (paymentId: string, step: string) => `tablekeep:payment:${paymentId}:${step}`;

export function isStripeError(e: unknown): e is Stripe.errors.StripeError {
  return e instanceof Stripe.errors.StripeError;
}

/**
 * A failed Stripe call as the caller should see it: unreachable or failing on Stripe's side → 503
 * (nothing was charged; retrying is safe with the same idempotency key); a card refused → its message.
 */
export function stripeFailure(e: unknown): DomainError {
  if (e instanceof Stripe.errors.StripeCardError) {
    return new DomainError("payment_required", e.message || "The card was declined.");
  }
  if (
    e instanceof Stripe.errors.StripeConnectionError ||
    e instanceof Stripe.errors.StripeAPIError ||
    e instanceof Stripe.errors.StripeRateLimitError ||
    (e instanceof Stripe.errors.StripeError && (e.statusCode ?? 500) >= 500)
  ) {
    return new DomainError("unavailable", "The payment service cannot be reached right now. Nothing was charged; try again shortly.", {
      retryAfter: 5,
    });
  }
  return new DomainError("unavailable", "The payment service refused the request. Nothing was charged; try again later.", {
    retryAfter: 30,
  });
}

/** Verifies a webhook's `Stripe-Signature` over the raw body and returns the event, or throws 400. */
export function verifyWebhook(rawBody: string, signature: string | null): Stripe.Event {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new DomainError("invalid_input", "Stripe webhooks are not configured here.");
  if (!signature) throw new DomainError("invalid_input", "Missing Stripe-Signature header.");
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    throw new DomainError("invalid_input", "The webhook signature does not match.");
  }
}

export type { Stripe };
