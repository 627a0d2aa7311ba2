import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments } from "@/db/schema";
import { applyStripeEvent, type EventOutcome } from "./events";
import { isStripeError, stripeClient, type Stripe } from "./stripe";

/** A checkout is left to its webhook this long before the job asks Stripe about it, and then again at this pace. */
const QUIET_MINUTES = 2;

export interface ReconcileSummary {
  /** Checkouts looked up at Stripe (or, without Stripe, development checkouts past their expiry). */
  checked: number;
  /** Checkouts Stripe says were paid or saved a card, applied here because their webhook never was. */
  completed: number;
  /** Of those, payments that arrived after the hold lapsed and its table had gone: refunded in full. */
  refunded: number;
  /** Checkouts Stripe says expired, their holds released here. */
  expired: number;
  /** Checkouts that disagree with our row in a way the job does not repair (logged for a person to look at). */
  flagged: number;
}

/**
 * The payments reconciliation: every checkout still waiting on our side (a payment `requires_action`)
 * that has been quiet for a couple of minutes is looked up at Stripe, and what Stripe knows and its
 * webhook did not tell us (lost, or refused while we were down) is applied through the same path as
 * the webhook, under an event id of its own (`reconcile:<session>:<what>`), so it is applied once and a
 * late real delivery finds the payment already settled. A session Stripe does not know, or an amount
 * that differs from ours, is flagged in the log and left alone. Without Stripe (development), a
 * checkout past its expiry is released as Stripe would have. Stops at the first sign Stripe is down.
 */
export async function reconcilePayments(db: Db, options: { limit?: number } = {}): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { checked: 0, completed: 0, refunded: 0, expired: 0, flagged: 0 };
  const stripe = stripeClient();
  const quiet = sql`now() - make_interval(mins => ${QUIET_MINUTES})`;
  const waiting = await db
    .select({ id: payments.id, sessionId: payments.checkoutSessionId, amountCents: payments.amountCents, kind: payments.kind })
    .from(payments)
    .where(
      and(
        eq(payments.status, "requires_action"),
        isNotNull(payments.checkoutSessionId),
        sql`${payments.updatedAt} < ${quiet}`,
        stripe ? undefined : sql`${payments.checkoutExpiresAt} < now()`,
      ),
    )
    .orderBy(asc(payments.updatedAt))
    .limit(options.limit ?? 50);

  for (const p of waiting) {
    const sessionId = p.sessionId!;
    if (!stripe) {
      // The development checkout: past its expiry, nobody can pay it any more.
      summary.checked++;
      if (counts(await apply(db, { id: sessionId }, "checkout.session.expired"))) summary.expired++;
      continue;
    }
    let session: Stripe.Checkout.Session;
    try {
      session = await stripe.checkout.sessions.retrieve(sessionId);
    } catch (e) {
      if (isStripeError(e) && e.statusCode === 404) {
        summary.flagged++;
        console.warn(`[payments] reconcile: Stripe does not know checkout ${sessionId} of payment ${p.id}; left for a person to look at`);
        await touch(db, p.id);
        continue;
      }
      console.warn(`[payments] reconcile stopped, Stripe cannot be asked now: ${(e as Error).message}`);
      break;
    }
    summary.checked++;
    if (session.status === "complete") {
      if (p.kind !== "card_guarantee" && session.amount_total != null && session.amount_total !== p.amountCents) {
        summary.flagged++;
        console.warn(`[payments] reconcile: checkout ${sessionId} took ${session.amount_total}, payment ${p.id} asked ${p.amountCents}; applied as paid`);
      }
      const applied = await apply(db, session, "checkout.session.completed");
      if (counts(applied)) summary.completed++;
      if (applied.outcome === "refunded_table_lost") {
        summary.refunded++;
        console.warn(`[payments] reconcile: checkout ${sessionId} was paid after its hold lapsed and the table was taken; refunded in full (payment ${p.id})`);
      }
    } else if (session.status === "expired") {
      if (counts(await apply(db, session, "checkout.session.expired"))) summary.expired++;
    }
    // Still waiting (open, or paid by a method that settles later): look again after another quiet spell.
    await touch(db, p.id);
  }
  return summary;
}

function apply(db: Db, session: { id: string }, type: "checkout.session.completed" | "checkout.session.expired") {
  return applyStripeEvent(db, { id: `reconcile:${session.id}:${type === "checkout.session.completed" ? "completed" : "expired"}`, type, data: { object: session } });
}

/** Whether applying changed something here (not a repeat, not a payment already settled by the webhook). */
function counts(r: { outcome: EventOutcome }): boolean {
  return r.outcome !== "duplicate" && r.outcome !== "already_applied" && r.outcome !== "ignored" && r.outcome !== "unknown_payment";
}

async function touch(db: Db, paymentId: string): Promise<void> {
  await db.update(payments).set({ updatedAt: sql`now()` }).where(and(eq(payments.id, paymentId), eq(payments.status, "requires_action")));
}
