import { asc, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentRefunds, payments } from "@/db/schema";
import type { BookPayment } from "@/lib/reservations/day-book-types";

/**
 * The payments of a day's bookings, with their refunds, keyed by reservation id: two queries for the
 * whole day, whatever its size.
 */
export async function listBookPayments(db: DbOrTx, reservationIds: string[]): Promise<Map<string, BookPayment>> {
  const out = new Map<string, BookPayment>();
  if (reservationIds.length === 0) return out;
  const rows = await db.select().from(payments).where(inArray(payments.reservationId, reservationIds));
  if (rows.length === 0) return out;
  const refunds = await db
    .select()
    .from(paymentRefunds)
    .where(inArray(paymentRefunds.paymentId, rows.map((p) => p.id)))
    .orderBy(asc(paymentRefunds.createdAt), asc(paymentRefunds.id));
  for (const p of rows) {
    const mine = refunds.filter((r) => r.paymentId === p.id);
    const pending = mine.filter((r) => r.status === "pending").reduce((sum, r) => sum + r.amountCents, 0);
    const lastFailed = [...mine].reverse().find((r) => r.status === "failed");
    out.set(p.reservationId, {
      kind: p.kind,
      status: p.status,
      amountCents: p.amountCents,
      currency: p.currency,
      capturedCents: p.capturedCents,
      refundedCents: p.refundedCents,
      refundableCents: Math.max(0, p.capturedCents - p.refundedCents - pending),
      failureMessage: p.failureMessage ?? lastFailed?.failureMessage ?? null,
      refunds: mine.map((r) => ({ amountCents: r.amountCents, status: r.status, reason: r.reason, at: r.createdAt.toISOString() })),
    });
  }
  return out;
}
