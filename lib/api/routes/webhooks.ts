/** Incoming webhooks. app/ re-exports them. */
import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/request";
import { getEnv } from "@/lib/env";
import { applyStripeEvent } from "@/lib/payments/events";
import { verifyWebhook } from "@/lib/payments/stripe";

/**
 * POST /api/webhooks/stripe: the raw body is verified against `Stripe-Signature` before anything is
 * parsed (a forgery is 400 and changes nothing), then the event is applied once by its id. An event
 * about a payment we do not know is acknowledged (200) and logged; a failure to apply is a 5xx so
 * Stripe delivers it again.
 */
export async function stripeWebhookHandler(req: Request): Promise<Response> {
  try {
    const raw = await readBodyText(req, Math.max(getEnv().MAX_BODY_BYTES, 512 * 1024));
    const event = verifyWebhook(raw, req.headers.get("stripe-signature"));
    const { outcome } = await applyStripeEvent(getDb(), event);
    return Response.json({ received: true, outcome }, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e, "POST /api/webhooks/stripe");
  }
}
