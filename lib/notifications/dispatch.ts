import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { experiences, experienceSections, notifications, payments, reservations, restaurants, type Notification } from "@/db/schema";
import { systemClock, type Clock } from "@/lib/clock";
import {
  claimDueNotifications,
  claimNotification,
  DEFAULT_RETRY_POLICY,
  idempotencyKeyFor,
  markFailed,
  markSent,
  markSkipped,
  type RetryPolicy,
} from "./claim";
import { prepareAccountEmail } from "./account";
import { inviteIdempotencyKey, prepareInviteEmail } from "./invite";
import { preparePartyRequestEmail, preparePartyRequestSms } from "./party-request";
import { buildMessage, reasonNotToSend, type NotificationContext } from "./render";
import { getTransport, type EmailTransport } from "./transport";
import { deliverSmsClaimed, sendSmsClaimed, type SmsOutcome } from "./sms/deliver";
import type { SmsTransport } from "./sms/transport";

export type DispatchOutcome =
  | { outcome: "sent"; notificationId: string; providerId: string | null }
  | { outcome: "skipped"; notificationId: string; reason: string }
  | { outcome: "failed"; notificationId: string; error: string; attempts: number; willRetry: boolean }
  | { outcome: "not_claimed"; notificationId: string; reason: string };

export interface DispatchDeps {
  /** Defaults to Resend when configured, else the dev mailbox. */
  transport?: EmailTransport;
  /** Defaults to Twilio when configured, else the dev mailbox. */
  smsTransport?: SmsTransport;
  policy?: RetryPolicy;
  clock?: Clock;
}

/** The row with its reservation and restaurant, in one query. */
export async function loadNotificationContext(db: DbOrTx, row: Notification): Promise<NotificationContext | null> {
  if (!row.reservationId) return null;
  const [found] = await db
    .select({
      reservation: reservations,
      restaurant: {
        id: restaurants.id,
        slug: restaurants.slug,
        name: restaurants.name,
        timezone: restaurants.timezone,
        address: restaurants.address,
        city: restaurants.city,
        cancellationCutoffMinutes: restaurants.cancellationCutoffMinutes,
      },
      payment: {
        kind: payments.kind,
        status: payments.status,
        amountCents: payments.amountCents,
        currency: payments.currency,
        capturedCents: payments.capturedCents,
        refundedCents: payments.refundedCents,
      },
      experienceName: experiences.name,
      sectionName: experienceSections.name,
    })
    .from(reservations)
    .innerJoin(restaurants, eq(restaurants.id, reservations.restaurantId))
    .leftJoin(payments, eq(payments.reservationId, reservations.id))
    .leftJoin(experiences, eq(experiences.id, reservations.experienceId))
    .leftJoin(experienceSections, eq(experienceSections.id, reservations.sectionId))
    .where(eq(reservations.id, row.reservationId))
    .limit(1);
  if (!found) return null;
  const { experienceName, sectionName, ...rest } = found;
  return { notification: row, ...rest, experience: experienceName && sectionName ? { name: experienceName, sectionName } : null };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Sends one row this worker has claimed: re-checks that the reservation still warrants it, renders,
 * sends with the row's Idempotency-Key, and marks the outcome. If the process dies after the send
 * and before the mark, the row stays 'sending' until its claim goes stale; the next worker sends
 * again under the same key and the provider (or the mailbox) returns the first message instead of
 * delivering a second. If marking fails (database gone), the error propagates for the same reason.
 */
export async function deliverClaimed(db: DbOrTx, row: Notification, deps: DispatchDeps = {}): Promise<DispatchOutcome> {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const clock = deps.clock ?? systemClock;
  const fail = async (error: string): Promise<DispatchOutcome> => {
    const { willRetry } = await markFailed(db, row, error, policy);
    return { outcome: "failed", notificationId: row.id, error, attempts: row.attempts, willRetry };
  };

  const smsOutcome = (sms: SmsOutcome): DispatchOutcome =>
    sms.outcome === "failed"
      ? { outcome: "failed", notificationId: row.id, error: sms.error, attempts: row.attempts, willRetry: sms.willRetry }
      : { ...sms, notificationId: row.id };

  let email;
  try {
    if (row.partyRequestId && row.channel === "sms") {
      const prepared = await preparePartyRequestSms(db, row);
      if ("skip" in prepared) {
        await markSkipped(db, row, prepared.skip);
        return { outcome: "skipped", notificationId: row.id, reason: prepared.skip };
      }
      return smsOutcome(await sendSmsClaimed(db, row, () => prepared.body, { smsTransport: deps.smsTransport, policy }));
    }
    if (row.kind === "verify_email" || row.kind === "password_reset" || row.kind === "invite" || row.partyRequestId) {
      const prepared = row.partyRequestId
        ? await preparePartyRequestEmail(db, row)
        : row.kind === "invite"
          ? await prepareInviteEmail(db, row, clock.now())
          : await prepareAccountEmail(db, row, clock.now());
      if ("skip" in prepared) {
        await markSkipped(db, row, prepared.skip);
        return { outcome: "skipped", notificationId: row.id, reason: prepared.skip };
      }
      email = prepared.send;
    } else {
      const ctx = await loadNotificationContext(db, row);
      if (!ctx) {
        await markSkipped(db, row, "The reservation no longer exists.");
        return { outcome: "skipped", notificationId: row.id, reason: "The reservation no longer exists." };
      }
      const reason = reasonNotToSend(ctx, clock.now());
      if (reason) {
        await markSkipped(db, row, reason);
        return { outcome: "skipped", notificationId: row.id, reason };
      }
      if (row.channel === "sms") return smsOutcome(await deliverSmsClaimed(db, row, ctx, { smsTransport: deps.smsTransport, policy }));
      email = await buildMessage(ctx);
    }
  } catch (e) {
    return fail(`Could not prepare the message: ${message(e)}`);
  }

  let providerId: string | null;
  try {
    const transport = deps.transport ?? getTransport(db);
    ({ providerId } = await transport.send(email, row.inviteId ? inviteIdempotencyKey(row) : idempotencyKeyFor(row.id)));
  } catch (e) {
    return fail(message(e));
  }
  await markSent(db, row, providerId);
  return { outcome: "sent", notificationId: row.id, providerId };
}

async function whyNotClaimed(db: DbOrTx, id: string, policy: RetryPolicy): Promise<string> {
  const [row] = await db
    .select({ status: notifications.status, sendAfter: notifications.sendAfter, attempts: notifications.attempts })
    .from(notifications)
    .where(eq(notifications.id, id));
  if (!row) return "No such notification.";
  switch (row.status) {
    case "sent":
      return "Already sent.";
    case "skipped":
      return "Already skipped.";
    case "sending":
      return "Another worker is sending it.";
    default:
      if (row.attempts >= policy.maxAttempts) return `Gave up after ${row.attempts} attempts.`;
      return `Not due until ${row.sendAfter.toISOString()}.`;
  }
}

/** Sends one outbox row if it is due and nobody else has it (the Inngest function's step). */
export async function dispatchNotification(db: DbOrTx, id: string, deps: DispatchDeps = {}): Promise<DispatchOutcome> {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const row = await claimNotification(db, id, policy);
  if (!row) return { outcome: "not_claimed", notificationId: id, reason: await whyNotClaimed(db, id, policy) };
  return deliverClaimed(db, row, deps);
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  skipped: number;
  failed: number;
}

/**
 * Claims and sends a batch of due rows (pending, due for a retry, or abandoned by a dead worker).
 * Rows are claimed together (FOR UPDATE SKIP LOCKED, so parallel sweepers split the work) and sent
 * a few at a time.
 */
export async function dispatchDueNotifications(
  db: DbOrTx,
  options: { limit?: number; concurrency?: number } = {},
  deps: DispatchDeps = {},
): Promise<DispatchSummary> {
  const rows = await claimDueNotifications(db, options.limit ?? 50, deps.policy ?? DEFAULT_RETRY_POLICY);
  const summary: DispatchSummary = { claimed: rows.length, sent: 0, skipped: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const result = await deliverClaimed(db, row, deps);
      if (result.outcome === "sent") summary.sent++;
      else if (result.outcome === "skipped") summary.skipped++;
      else if (result.outcome === "failed") summary.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 5, rows.length)) }, worker));
  return summary;
}
