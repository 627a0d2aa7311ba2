import type { Db } from "@/db/client";
import { abandonExhaustedClaims, DEFAULT_RETRY_POLICY } from "@/lib/notifications/claim";
import { dispatchDueNotifications, type DispatchDeps, type DispatchSummary } from "@/lib/notifications/dispatch";
import { runWaitlist } from "@/lib/waitlist/waitlist";
import { reconcilePayments, type ReconcileSummary } from "@/lib/payments/reconcile";
import { settlePendingPayments } from "@/lib/payments/settle";
import { expireStaleHolds } from "./holds";
import { reconcileSeatCounters } from "@/lib/experiences/counter";

/**
 * The safety net that runs every minute (Inngest cron, or the button on /dev/mailbox without
 * Inngest): whatever an event would have started happens here too, so nothing depends on an event
 * having been delivered. Separate steps, so a retry of a later one does not repeat an earlier one.
 */
export interface SweepOptions {
  /** Outbox rows claimed per batch. */
  batchSize?: number;
  /** Stop starting new batches after this long, so one sweep ends before the next minute's. */
  budgetMs?: number;
}

export interface SweepResult {
  expiredHolds: number;
  /** Waitlist entries offered a freed table in this sweep. */
  waitlistOffers: number;
  abandoned: number;
  notifications: DispatchSummary;
  /** Refunds and no-show fees sent to Stripe after an earlier attempt could not reach it. */
  payments?: number;
  /** Waiting checkouts compared with Stripe and settled where the webhook was missed. */
  reconciled?: ReconcileSummary;
  /** Seats-left counters rebuilt from Postgres. */
  seatCounters?: number;
}

/** Step 1: holds whose expiry has passed become `expired`. */
export async function expireHoldsStep(db: Db): Promise<number> {
  return expireStaleHolds(db);
}

/**
 * Step 2: the waitlist. Offers that ended are settled (booked, or lapsed so the next entry gets the
 * table), past dates expire, and every freed seating goes to the earliest matching entry. Runs after
 * the holds step, so a lapsed offer's table is free again in the same sweep, and before the outbox
 * step, so the new offers' emails go out in it too.
 */
export async function waitlistStep(db: Db): Promise<number> {
  return (await runWaitlist(db)).offered;
}

/** Step 3: every due outbox row (new, due for a retry, or abandoned by a dead worker) is sent. */
export async function dispatchDueStep(
  db: Db,
  options: SweepOptions = {},
  deps: DispatchDeps = {},
): Promise<{ abandoned: number; notifications: DispatchSummary }> {
  const batchSize = options.batchSize ?? 50;
  const deadline = Date.now() + (options.budgetMs ?? 40_000);
  const abandoned = await abandonExhaustedClaims(db, deps.policy ?? DEFAULT_RETRY_POLICY);
  const total: DispatchSummary = { claimed: 0, sent: 0, skipped: 0, failed: 0 };
  for (;;) {
    const batch = await dispatchDueNotifications(db, { limit: batchSize }, deps);
    total.claimed += batch.claimed;
    total.sent += batch.sent;
    total.skipped += batch.skipped;
    total.failed += batch.failed;
    if (batch.claimed < batchSize || Date.now() >= deadline) break;
  }
  return { abandoned, notifications: total };
}

/** Step 4: refunds and no-show fees that Stripe could not be reached for are sent again, same keys. */
export async function paymentsStep(db: Db): Promise<number> {
  return settlePendingPayments(db);
}

/**
 * Step 5: checkouts still waiting on our side are compared with Stripe, and what its webhook did not
 * deliver is applied (under Inngest this is its own function, every five minutes).
 */
export async function reconcileStep(db: Db): Promise<ReconcileSummary> {
  return reconcilePayments(db);
}

/**
 * Step 6: every experience's seats-left counter in Redis is rebuilt from Postgres where it drifted
 * (lapsed holds nobody expired yet, a lost give-back, a flushed Redis), with a compare-and-set.
 */
export async function seatCountersStep(db: Db): Promise<number> {
  return reconcileSeatCounters(db);
}

export async function runSweep(db: Db, options: SweepOptions = {}, deps: DispatchDeps = {}): Promise<SweepResult> {
  const expiredHolds = await expireHoldsStep(db);
  const waitlistOffers = await waitlistStep(db);
  const { abandoned, notifications } = await dispatchDueStep(db, options, deps);
  const payments = await paymentsStep(db);
  const reconciled = await reconcileStep(db);
  const seatCounters = await seatCountersStep(db);
  return { expiredHolds, waitlistOffers, abandoned, notifications, payments, reconciled, seatCounters };
}
