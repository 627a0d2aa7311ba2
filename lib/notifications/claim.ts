import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications, type Notification } from "@/db/schema";

/**
 * How the outbox retries. A row is claimed by one worker at a time (status 'sending'); a failed send
 * waits `backoffSeconds[attempts - 1]` before the next claim (the last value repeats), and after
 * `maxAttempts` claims it stays 'failed' for good, which the owner sees on the day's book. A claim
 * older than `staleClaimSeconds` belongs to a worker that died: another may take it over, and because
 * the provider's Idempotency-Key is derived from the row, re-sending cannot produce a second email.
 */
export interface RetryPolicy {
  maxAttempts: number;
  backoffSeconds: readonly number[];
  staleClaimSeconds: number;
}

/**
 * 1, 2, 5, 10 and 30 minutes, then hourly: the last attempt comes about 24 hours after the first, so
 * a provider outage of a day still delivers. A claim a minute old is stale (a send takes seconds).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 29,
  backoffSeconds: [60, 2 * 60, 5 * 60, 10 * 60, 30 * 60, 60 * 60],
  staleClaimSeconds: 60,
};

/** The provider's Idempotency-Key (and the dev mailbox's): one per outbox row, for its whole life. */
export function idempotencyKeyFor(notificationId: string): string {
  return `notification-${notificationId}`;
}

/** Seconds to wait after the given attempt failed. */
export function backoffAfter(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const list = policy.backoffSeconds;
  if (list.length === 0) return 0;
  return list[Math.min(Math.max(attempt, 1), list.length) - 1]!;
}

/**
 * Rows a worker may claim now: due and untried or due for a retry, or an email abandoned mid-send by
 * a dead worker.
 *
 * Text messages are exactly-once without a provider key: Twilio has no Idempotency-Key, so the only
 * thing that can send an SMS row twice is a second worker sending it after the first may already
 * have. The claim (one guarded UPDATE) lets one worker at a time hold a row; that worker sends only
 * after the claim committed, and records the outcome only while its claim is still its own. A row
 * goes back to the queue only when its last attempt ended with an answer that proves nothing was
 * sent (Twilio refused the request, or could not be reached), never on a timeout, a gateway error
 * or a worker that died mid-send: those may have sent it, so an abandoned SMS claim is not taken
 * over but closed as failed by `abandonExhaustedClaims` ("may or may not have gone out"). At most
 * one message per row, and exactly one whenever Twilio answers.
 */
function claimable(policy: RetryPolicy) {
  return sql`(
    (${notifications.status} in ('pending', 'failed') and ${notifications.sendAfter} <= now() and ${notifications.attempts} < ${policy.maxAttempts})
    or (${notifications.status} = 'sending' and ${notifications.channel} = 'email' and ${notifications.claimedAt} < now() - make_interval(secs => ${policy.staleClaimSeconds}) and ${notifications.attempts} < ${policy.maxAttempts})
  )`;
}

const claimSet = {
  status: "sending" as const,
  claimedAt: sql`now()`,
  attempts: sql`${notifications.attempts} + 1`,
};

/**
 * Claims one row atomically. Two workers racing for it both run this UPDATE; Postgres makes the
 * second wait for the first's row lock and then re-checks the WHERE clause against the new row
 * ('sending', fresh claim), so exactly one gets it back.
 */
export async function claimNotification(
  db: DbOrTx,
  id: string,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<Notification | null> {
  const rows = await db
    .update(notifications)
    .set(claimSet)
    .where(and(eq(notifications.id, id), claimable(policy)))
    .returning();
  return rows[0] ?? null;
}

/** Claims up to `limit` due rows, oldest first, skipping rows another worker has locked. */
export async function claimDueNotifications(
  db: DbOrTx,
  limit: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<Notification[]> {
  const due = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(claimable(policy))
    .orderBy(notifications.sendAfter)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(notifications)
    .set(claimSet)
    .where(inArray(notifications.id, due))
    .returning();
}

/** Only the claim that is marking may mark: a row taken over by another worker is left to it. */
const ownClaim = (row: Pick<Notification, "id" | "attempts">) =>
  and(eq(notifications.id, row.id), eq(notifications.status, "sending"), eq(notifications.attempts, row.attempts));

export async function markSent(db: DbOrTx, row: Pick<Notification, "id" | "attempts">, providerId: string | null): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ status: "sent", sentAt: sql`now()`, providerId, lastError: null })
    .where(ownClaim(row))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/**
 * Records a failed attempt. The next try waits for the backoff, kept in send_after (the partial
 * index on due rows then finds it); after the last attempt the row stays 'failed' for good.
 */
export async function markFailed(
  db: DbOrTx,
  row: Pick<Notification, "id" | "attempts">,
  error: string,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  options: { final?: boolean } = {},
): Promise<{ willRetry: boolean }> {
  const willRetry = !options.final && row.attempts < policy.maxAttempts;
  const rows = await db
    .update(notifications)
    .set({
      status: "failed",
      lastError: error.slice(0, 1000),
      ...(willRetry ? { sendAfter: sql`now() + make_interval(secs => ${backoffAfter(row.attempts, policy)})` } : {}),
      // A final failure uses up the row's attempts, so no claim picks it up again.
      ...(options.final ? { attempts: sql`greatest(${notifications.attempts}, ${policy.maxAttempts})` } : {}),
    })
    .where(ownClaim(row))
    .returning({ id: notifications.id });
  return { willRetry: willRetry && rows.length > 0 };
}

export async function markSkipped(db: DbOrTx, row: Pick<Notification, "id" | "attempts">, reason: string): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ status: "skipped", lastError: reason })
    .where(ownClaim(row))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/**
 * Rows whose worker died during their last allowed attempt, and text messages whose worker died
 * mid-send (see `claimable`), can never be claimed again: close them as failed for good so the owner
 * sees it (the message may or may not have gone out).
 */
export async function abandonExhaustedClaims(db: DbOrTx, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<number> {
  const stale = sql`${notifications.status} = 'sending' and ${notifications.claimedAt} < now() - make_interval(secs => ${policy.staleClaimSeconds})`;
  const exhausted = await db
    .update(notifications)
    .set({ status: "failed", lastError: "Gave up: the worker stopped during the last attempt." })
    .where(sql`${stale} and ${notifications.channel} = 'email' and ${notifications.attempts} >= ${policy.maxAttempts}`)
    .returning({ id: notifications.id });
  const texts = await db
    .update(notifications)
    .set({
      status: "failed",
      attempts: sql`greatest(${notifications.attempts}, ${policy.maxAttempts})`,
      lastError: "Not re-sent: the worker stopped mid-send, so the text may already have gone out.",
    })
    .where(sql`${stale} and ${notifications.channel} = 'sms'`)
    .returning({ id: notifications.id });
  return exhausted.length + texts.length;
}
