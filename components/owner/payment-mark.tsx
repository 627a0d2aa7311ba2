import type { BookPayment } from "@/lib/reservations/day-book-types";
import { paymentMark } from "./payment-format";

/** A booking's payment state as a small labelled mark ("Deposit paid", "Card on file"); nothing when none is due. */
export function PaymentMarkView({ payment }: { payment: BookPayment | null }) {
  const mark = paymentMark(payment);
  if (!mark) return null;
  return (
    <span className={`pay-mark pay-${mark.tone}`} data-testid="payment-mark">
      {mark.label}
    </span>
  );
}
