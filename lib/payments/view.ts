import type { Payment, PaymentKind, PaymentStatus } from "@/db/schema";

/** A reservation's payment as every view carries it; `status: "none"` when nothing is due. Client-safe. */
export interface PaymentView {
  status: "none" | PaymentStatus;
  kind: PaymentKind | null;
  amountCents: number;
  currency: string | null;
  refundedCents: number;
}

export type PaymentSummary = Pick<Payment, "status" | "kind" | "amountCents" | "currency" | "refundedCents">;

export const NO_PAYMENT: PaymentView = { status: "none", kind: null, amountCents: 0, currency: null, refundedCents: 0 };

export function paymentView(p: PaymentSummary | null | undefined): PaymentView {
  if (!p) return NO_PAYMENT;
  return { status: p.status, kind: p.kind, amountCents: p.amountCents, currency: p.currency, refundedCents: p.refundedCents };
}
