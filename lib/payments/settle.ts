import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { paymentRefunds, payments, type Payment } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { decideRefund, sendPendingRefunds } from "./refunds";
import { isStripeError, stripeClient, stripeFailure, stripeKey } from "./stripe";

/** What a reservation change left to do with Stripe once its transaction has committed. */
export interface Settlement {
  paymentId: string | null;
  charge: boolean;
}

export const NOTHING_TO_SETTLE: Settlement = { paymentId: null, charge: false };

async function lockPayment(tx: Tx, reservationId: string): Promise<Payment | null> {
  const [p] = await tx.select().from(payments).where(eq(payments.reservationId, reservationId)).for("update");
  return p ?? null;
}

/** Marks the no-show fee as asked for, once: a repeated or raced request finds it already set. */
async function requestCharge(tx: Tx, p: Payment): Promise<boolean> {
  const rows = await tx
    .update(payments)
    .set({ chargeRequestedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(payments.id, p.id), eq(payments.status, "card_saved"), isNull(payments.chargeRequestedAt)))
    .returning({ id: payments.id });
  return rows.length > 0;
}

async function forfeit(tx: Tx, p: Payment): Promise<void> {
  await tx.update(payments).set({ status: "forfeited", updatedAt: sql`now()` }).where(and(eq(payments.id, p.id), eq(payments.status, "paid")));
}

/**
 * A confirmed booking cancelled, in the cancel's transaction: a deposit comes back in full when the
 * restaurant cancels or the diner does so before the cut-off, and is kept after it; a saved card is
 * charged the no-show fee on a late cancel by the diner.
 */
export async function settleCancel(tx: Tx, input: { reservationId: string; byRestaurant: boolean; inTime: boolean }): Promise<Settlement> {
  const p = await lockPayment(tx, input.reservationId);
  if (!p) return NOTHING_TO_SETTLE;
  const forgiven = input.byRestaurant || input.inTime;
  if (p.status === "paid" || p.status === "partially_refunded") {
    // What is left comes back (the owner may already have refunded part of it); otherwise it is kept.
    if (forgiven) await decideRefund(tx, p, { reason: input.byRestaurant ? "restaurant_cancelled" : "cancelled_in_time" });
    else await forfeit(tx, p);
    return { paymentId: p.id, charge: false };
  }
  if (p.status === "card_saved" && !forgiven) return { paymentId: p.id, charge: await requestCharge(tx, p) };
  return { paymentId: p.id, charge: false };
}

/** Marked a no-show, in the status change's transaction: a deposit is kept, a saved card is charged the fee once. */
export async function settleNoShow(tx: Tx, reservationId: string): Promise<Settlement> {
  const p = await lockPayment(tx, reservationId);
  if (!p) return NOTHING_TO_SETTLE;
  if (p.status === "paid") {
    await forfeit(tx, p);
    return { paymentId: p.id, charge: false };
  }
  if (p.status === "card_saved") return { paymentId: p.id, charge: await requestCharge(tx, p) };
  return NOTHING_TO_SETTLE;
}

/**
 * A no-show undone, in the revert's transaction. A deposit kept for the no-show is held for the
 * booking again (a later cancel settles it by the policy as before). A fee already charged, or being
 * charged, is money taken from the guest: the undo is refused until the owner refunds it, so a booking
 * never stands confirmed with a no-show fee silently kept.
 */
export async function settleNoShowUndone(tx: Tx, reservationId: string): Promise<void> {
  const p = await lockPayment(tx, reservationId);
  if (!p) return;
  if (p.status === "forfeited") {
    await tx.update(payments).set({ status: "paid", updatedAt: sql`now()` }).where(and(eq(payments.id, p.id), eq(payments.status, "forfeited")));
    return;
  }
  if (p.status === "charged" || (p.status === "card_saved" && p.chargeRequestedAt !== null)) {
    throw new DomainError(
      "conflict",
      "The no-show fee has been charged to the guest's card. Refund it from this booking first, then undo the no-show.",
      { details: { payment_status: p.status } },
    );
  }
}

/** After the commit: send decided refunds, charge a requested fee. Never throws (the booking change stands). */
export async function completeSettlement(db: Db, s: Settlement): Promise<void> {
  if (!s.paymentId) return;
  try {
    await sendPendingRefunds(db, { paymentId: s.paymentId });
    if (s.charge) await chargeNoShowFee(db, s.paymentId);
  } catch (e) {
    console.warn(`[payments] settling payment ${s.paymentId} failed; it stays pending: ${(e as Error).message}`);
  }
}

/**
 * Charges the saved card the no-show fee off-session, keyed by the payment row so Stripe charges it
 * once however often this runs. A declined card marks the payment failed with Stripe's message for
 * the owner to see; it is not retried.
 */
export async function chargeNoShowFee(db: Db, paymentId: string): Promise<Payment> {
  const [p] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!p) throw new DomainError("not_found", "Payment not found.");
  if (p.status !== "card_saved" || !p.chargeRequestedAt) return p;
  const stripe = stripeClient();
  let intentId: string;
  try {
    if (!stripe) intentId = `pi_dev_fee_${p.id}`;
    else {
      if (!p.customerId || !p.paymentMethodId) throw new DomainError("invalid_transition", "No saved card to charge.");
      const intent = await stripe.paymentIntents.create(
        {
          amount: p.amountCents,
          currency: p.currency.toLowerCase(),
          customer: p.customerId,
          payment_method: p.paymentMethodId,
          off_session: true,
          confirm: true,
          metadata: { payment_id: p.id, reservation_id: p.reservationId, reason: "no_show_fee" },
        },
        { idempotencyKey: stripeKey(p.id, "no_show_fee") },
      );
      intentId = intent.id;
    }
  } catch (e) {
    const declined = (isStripeError(e) && e.type === "StripeCardError") || (e instanceof DomainError && e.code === "invalid_transition");
    if (!declined) {
      console.warn(`[payments] no-show fee for payment ${p.id} not charged yet: ${(e as Error).message}`);
      throw stripeFailure(e);
    }
    const [failed] = await db
      .update(payments)
      .set({ status: "failed", failureMessage: (e as Error).message || "The card was declined.", updatedAt: sql`now()` })
      .where(and(eq(payments.id, p.id), eq(payments.status, "card_saved")))
      .returning();
    return failed ?? p;
  }
  const [charged] = await db
    .update(payments)
    .set({ status: "charged", capturedCents: p.amountCents, paymentIntentId: intentId, failureMessage: null, updatedAt: sql`now()` })
    .where(and(eq(payments.id, p.id), eq(payments.status, "card_saved")))
    .returning();
  return charged ?? p;
}

/**
 * An owner's or manager's refund of a deposit, prepayment or charged fee: in full (no amount) or in
 * part, never above what is left to refund. The refund row is written with the payment locked, then
 * sent to Stripe keyed by that row.
 */
export async function refundPayment(
  db: Db,
  input: { paymentId: string; amountCents?: number; requestedBy: string; refundsSeen?: number },
): Promise<Payment> {
  if (input.amountCents !== undefined && (!Number.isInteger(input.amountCents) || input.amountCents <= 0)) {
    throw new DomainError("invalid_input", "The amount must be a whole number of cents above 0.", { fields: { amount_cents: ["Above 0."] } });
  }
  const refundId = await db.transaction(async (tx) => {
    const [p] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for("update");
    if (!p) throw new DomainError("not_found", "Payment not found.");
    if (input.refundsSeen !== undefined) {
      const replayed = await replayedRefund(tx, p.id, { ...input, refundsSeen: input.refundsSeen });
      if (replayed) return replayed;
    }
    if (!["paid", "forfeited", "charged", "partially_refunded"].includes(p.status)) {
      throw new DomainError("invalid_transition", "Nothing has been paid that could be refunded.");
    }
    const id = await decideRefund(tx, p, { amountCents: input.amountCents, reason: "owner_refund", requestedBy: input.requestedBy });
    if (!id) throw new DomainError("invalid_transition", "This payment is already refunded in full.");
    return id;
  });
  await sendPendingRefunds(db, { paymentId: input.paymentId });
  const [refund] = await db
    .select({ status: paymentRefunds.status, failureMessage: paymentRefunds.failureMessage })
    .from(paymentRefunds)
    .where(eq(paymentRefunds.id, refundId));
  if (refund?.status === "pending") {
    throw new DomainError("unavailable", "The refund is recorded and will be sent when the payment service answers.", { retryAfter: 30 });
  }
  if (refund?.status === "failed") {
    throw new DomainError("invalid_transition", `The payment service refused the refund: ${refund.failureMessage ?? "no reason given"}.`);
  }
  const [after] = await db.select().from(payments).where(eq(payments.id, input.paymentId));
  return after!;
}

/**
 * A refund request names how many refunds the owner saw (the payment's refund rows, counted with the
 * payment locked), so (payment, position) is its idempotency key: the same request sent twice (a
 * double click, a retried action) finds its own refund at that position and adds nothing; a refund
 * someone else recorded meanwhile is a conflict, so nobody refunds twice on a stale screen.
 */
async function replayedRefund(
  tx: Tx,
  paymentId: string,
  input: { amountCents?: number; requestedBy: string; refundsSeen: number },
): Promise<string | null> {
  const rows = await tx
    .select({ id: paymentRefunds.id, amountCents: paymentRefunds.amountCents, requestedBy: paymentRefunds.requestedBy })
    .from(paymentRefunds)
    .where(eq(paymentRefunds.paymentId, paymentId))
    .orderBy(asc(paymentRefunds.createdAt), asc(paymentRefunds.id));
  if (rows.length === input.refundsSeen) return null;
  const next = rows[input.refundsSeen];
  if (next && next.requestedBy === input.requestedBy && (input.amountCents === undefined || next.amountCents === input.amountCents)) {
    return next.id;
  }
  throw new DomainError("conflict", "This payment changed since you opened the booking (another refund was recorded). Check what is left and try again.");
}

/**
 * The sweeper's payments step: refunds decided but not yet accepted by Stripe, and no-show fees asked
 * for but not yet charged (Stripe was unreachable at the time), are sent again under the same keys.
 */
export async function settlePendingPayments(db: Db): Promise<number> {
  let done = 0;
  try {
    done += await sendPendingRefunds(db);
  } catch (e) {
    console.warn(`[payments] pending refunds not sent: ${(e as Error).message}`);
  }
  const owed = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.status, "card_saved"), sql`${payments.chargeRequestedAt} < now() - interval '1 minute'`))
    .limit(50);
  for (const { id } of owed) {
    try {
      if ((await chargeNoShowFee(db, id)).status !== "card_saved") done++;
    } catch (e) {
      console.warn(`[payments] no-show fee for payment ${id} not charged yet: ${(e as Error).message}`);
    }
  }
  return done;
}
