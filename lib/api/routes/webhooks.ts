/** Incoming webhooks. app/ re-exports them. */
import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/request";
import { appUrl, getEnv } from "@/lib/env";
import { handleTwilioWebhook } from "@/lib/notifications/sms/inbound";
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

/**
 * POST /api/webhooks/twilio: inbound texts (STOP, START) and message status callbacks. Twilio signs
 * the URL it was given, which is this route under APP_URL (with any query string), so that is the
 * URL checked; a forgery is 403 and changes nothing. Answers empty TwiML: no automatic reply beyond
 * the one Twilio's opt-out handling sends itself.
 */
export async function twilioWebhookHandler(req: Request): Promise<Response> {
  try {
    const raw = await readBodyText(req, getEnv().MAX_BODY_BYTES);
    const params = Object.fromEntries(new URLSearchParams(raw));
    const url = `${appUrl().replace(/\/+$/, "")}/api/webhooks/twilio${new URL(req.url).search}`;
    await handleTwilioWebhook(getDb(), { url, signature: req.headers.get("x-twilio-signature"), params });
    return new Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', {
      headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" },
    });
  } catch (e) {
    return errorResponse(e, "POST /api/webhooks/twilio");
  }
}
