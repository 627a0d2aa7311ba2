import type { DbOrTx } from "@/db/client";
import type { Notification } from "@/db/schema";
import { DEFAULT_RETRY_POLICY, idempotencyKeyFor, markFailed, markSent, markSkipped, type RetryPolicy } from "../claim";
import type { NotificationContext } from "../render";
import { TransportError } from "../transport";
import { isOptedOut, recordOptOut } from "./opt-out";
import { buildSmsBody, isSmsKind } from "./render";
import { getSmsTransport, SmsOutcomeUnknown, SmsUndeliverable, type SmsTransport } from "./transport";

export type SmsOutcome =
  | { outcome: "sent"; providerId: string }
  | { outcome: "skipped"; reason: string }
  | { outcome: "failed"; error: string; willRetry: boolean };

/** Why this text should not go out now, or null. */
function reasonNotToText(row: Notification, ctx: NotificationContext): string | null {
  if (!row.toPhone || !isSmsKind(row.kind)) return "Not a text message.";
  // The diner may have changed the number or withdrawn consent since the row was written.
  if (!ctx.reservation.smsConsentAt || ctx.reservation.guestPhone !== row.toPhone) return "The diner no longer wants texts at this number.";
  return null;
}

/**
 * Sends one claimed SMS row (the reservation still warrants it: the dispatcher checked). How a row
 * is sent at most once, and exactly once whenever Twilio answers, is explained in claim.ts
 * (`claimable`): here a definite refusal is retried with the outbox's backoff, and an unknown
 * outcome closes the row for good rather than risk a second text.
 */
export async function deliverSmsClaimed(
  db: DbOrTx,
  row: Notification,
  ctx: NotificationContext,
  deps: { smsTransport?: SmsTransport; policy?: RetryPolicy } = {},
): Promise<SmsOutcome> {
  const why = reasonNotToText(row, ctx);
  if (why) {
    await markSkipped(db, row, why);
    return { outcome: "skipped", reason: why };
  }
  return sendSmsClaimed(db, row, () => buildSmsBody(ctx), deps);
}

/**
 * Sends a claimed SMS row whose subject still warrants it, with the text `body` builds: skipped if
 * the number opted out, then sent under the row's idempotency key and marked as deliverSmsClaimed
 * says. Every kind of text (a booking's, a large party's) goes out through here.
 */
export async function sendSmsClaimed(
  db: DbOrTx,
  row: Notification,
  body: () => string,
  deps: { smsTransport?: SmsTransport; policy?: RetryPolicy } = {},
): Promise<SmsOutcome> {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const transport = deps.smsTransport ?? getSmsTransport(db);
  const skip = async (reason: string): Promise<SmsOutcome> => {
    await markSkipped(db, row, reason);
    return { outcome: "skipped", reason };
  };
  if (!row.toPhone) return skip("Not a text message.");
  if (await isOptedOut(db, row.toPhone)) return skip("The number opted out of texts (STOP).");

  let text: string;
  try {
    text = body();
  } catch (e) {
    const error = `Could not prepare the text: ${e instanceof Error ? e.message : String(e)}`;
    const { willRetry } = await markFailed(db, row, error, policy);
    return { outcome: "failed", error, willRetry };
  }

  try {
    const { providerId } = await transport.send({ to: row.toPhone, body: text }, idempotencyKeyFor(row.id));
    await markSent(db, row, providerId);
    return { outcome: "sent", providerId };
  } catch (e) {
    if (e instanceof SmsUndeliverable) {
      if (e.optedOut) await recordOptOut(db, row.toPhone, `provider:${e.code}`);
      return skip(e.message);
    }
    if (e instanceof SmsOutcomeUnknown) {
      const error = `Not re-sent: ${e.message}. The text may already have gone out.`;
      await markFailed(db, row, error, policy, { final: true });
      return { outcome: "failed", error, willRetry: false };
    }
    const error = e instanceof TransportError ? e.message : `${transport.name === "twilio" ? "Twilio" : "Mailbox"}: ${e instanceof Error ? e.message : String(e)}`;
    const { willRetry } = await markFailed(db, row, error, policy);
    return { outcome: "failed", error, willRetry };
  }
}
