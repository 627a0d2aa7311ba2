import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { payments, paymentRefunds, type Payment } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { isStripeError, stripeClient, stripeFailure, stripeKey } from "./stripe";

/**
 * The reason of a refund nobody asked for: the payment arrived after its hold lapsed and the table or
 * seats had gone to someone else, so all of it went back (the webhook or the reconciliation job).
 */
export const LATE_PAYMENT_REFUND_REASON = "table_lost";

/** What can still be given back: taken, minus refunded, minus refunds decided but not yet sent. */
export async function refundableCents(tx: Tx, payment: Payment): Promise<number> {
  const [pending] = await tx
    .select({ cents: sql<number>`coalesce(sum(${paymentRefunds.amountCents}), 0)::int` })
    .from(paymentRefunds)
    .where(and(eq(paymentRefunds.paymentId, payment.id), eq(paymentRefunds.status, "pending")));
  return payment.capturedCents - payment.refundedCents - (pending?.cents ?? 0);
}

/**
 * Decides a refund inside the caller's transaction (the payment row must be locked FOR UPDATE by the
 * caller). Never more than what is left to refund; returns the refund row id, or null when nothing is left.
 */
export async function decideRefund(
  tx: Tx,
  payment: Payment,
  input: { amountCents?: number; reason: string; requestedBy?: string | null },
): Promise<string | null> {
  const left = await refundableCents(tx, payment);
  const amount = input.amountCents ?? left;
  if (amount > left) {
    throw new DomainError("invalid_input", `At most ${left} can be refunded.`, { fields: { amount_cents: [`At most ${left}.`] } });
  }
  if (amount <= 0) return null;
  const [row] = await tx
    .insert(paymentRefunds)
    .values({ paymentId: payment.id, amountCents: amount, reason: input.reason, requestedBy: input.requestedBy ?? null })
    .returning({ id: paymentRefunds.id });
  return row!.id;
}

/**
 * Sends every pending refund (of one payment, or all) to Stripe, each with its row id as the
 * idempotency key, and records the outcome. Stripe unreachable: the refund stays pending for the next
 * run (the sweeper, or the next event). Returns how many went through.
 */
export async function sendPendingRefunds(db: Db, filter: { paymentId?: string } = {}): Promise<number> {
  const pending = await db
    .select({ refund: paymentRefunds, payment: payments })
    .from(paymentRefunds)
    .innerJoin(payments, eq(payments.id, paymentRefunds.paymentId))
    .where(and(eq(paymentRefunds.status, "pending"), filter.paymentId ? eq(paymentRefunds.paymentId, filter.paymentId) : undefined))
    .orderBy(paymentRefunds.createdAt)
    .limit(100);
  const stripe = stripeClient();
  let sent = 0;
  for (const { refund, payment } of pending) {
    let stripeRefundId: string;
    try {
      if (!stripe) stripeRefundId = `re_dev_${refund.id}`;
      else {
        const r = await stripe.refunds.create(
          { payment_intent: payment.paymentIntentId ?? undefined, amount: refund.amountCents, metadata: { refund_id: refund.id, payment_id: payment.id } },
          { idempotencyKey: stripeKey(payment.id, `refund:${refund.id}`) },
        );
        stripeRefundId = r.id;
      }
    } catch (e) {
      const unavailable = stripeFailure(e).code === "unavailable" && !(isStripeError(e) && e.type === "StripeInvalidRequestError");
      console.warn(`[payments] refund ${refund.id} of payment ${payment.id} ${unavailable ? "will be retried" : "failed"}: ${(e as Error).message}`);
      if (!unavailable) {
        await db
          .update(paymentRefunds)
          .set({ status: "failed", failureMessage: (e as Error).message, updatedAt: sql`now()` })
          .where(and(eq(paymentRefunds.id, refund.id), eq(paymentRefunds.status, "pending")));
      }
      continue;
    }
    await db.transaction(async (tx) => {
      const [done] = await tx
        .update(paymentRefunds)
        .set({ status: "succeeded", stripeRefundId, updatedAt: sql`now()` })
        .where(and(eq(paymentRefunds.id, refund.id), eq(paymentRefunds.status, "pending")))
        .returning({ id: paymentRefunds.id });
      if (!done) return;
      await tx
        .update(payments)
        .set({
          refundedCents: sql`${payments.refundedCents} + ${refund.amountCents}`,
          status: sql`case when ${payments.refundedCents} + ${refund.amountCents} >= ${payments.capturedCents} then 'refunded'::payment_status else 'partially_refunded'::payment_status end`,
          updatedAt: sql`now()`,
        })
        .where(eq(payments.id, payment.id));
      sent++;
    });
  }
  return sent;
}
