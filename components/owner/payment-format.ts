import { formatMoney } from "@/lib/payments/money";
import type { BookPayment } from "@/lib/reservations/day-book-types";

const KIND: Record<BookPayment["kind"], string> = { deposit: "Deposit", prepayment: "Prepayment", card_guarantee: "Card" };

/**
 * A booking's payment as a short mark for the book's list and timeline ("Deposit paid", "Card on
 * file", "Refunded", "Fee charged") and a tone for its colour. Null when nothing is due.
 */
export function paymentMark(p: BookPayment | null): PaymentMark | null {
  if (!p) return null;
  const card = p.kind === "card_guarantee";
  switch (p.status) {
    case "requires_action":
      return { label: card ? "Card not saved yet" : `${KIND[p.kind]} not paid yet`, short: "Unpaid", tone: "due" };
    case "paid":
      return { label: `${KIND[p.kind]} paid`, short: p.kind === "deposit" ? "Deposit" : "Prepaid", tone: "ok" };
    case "card_saved":
      return { label: "Card on file", short: "Card", tone: "ok" };
    case "forfeited":
      return { label: `${KIND[p.kind]} kept`, short: "Kept", tone: "kept" };
    case "charged":
      return { label: "Fee charged", short: "Fee", tone: "kept" };
    case "partially_refunded":
      return { label: "Part refunded", short: "Refund", tone: "money-back" };
    case "refunded":
      return { label: "Refunded", short: "Refund", tone: "money-back" };
    case "failed":
      return { label: card ? "Fee charge failed" : "Payment failed", short: "Failed", tone: "failed" };
  }
}

export interface PaymentMark {
  /** What the list and the dialog say. */
  label: string;
  /** A word that fits a timeline block. */
  short: string;
  tone: "ok" | "due" | "money-back" | "kept" | "failed";
}

/** ": <the provider's reason>" inside our sentence, without its own full stop ("…insufficient funds.."). */
function because(message: string | null): string {
  const reason = message?.trim().replace(/[.!\s]+$/, "");
  return reason ? `: ${reason}` : "";
}

/** One sentence on what was asked, taken and given back, for the booking dialog. */
export function paymentSummary(p: BookPayment): string {
  const money = (cents: number) => formatMoney(cents, p.currency);
  if (p.kind === "card_guarantee") {
    switch (p.status) {
      case "requires_action":
        return `The guest has not saved a card yet (no-show fee ${money(p.amountCents)}).`;
      case "card_saved":
        return `Card on file. A no-show or a late cancel charges ${money(p.amountCents)}; nothing has been charged.`;
      case "failed":
        return `Charging the no-show fee of ${money(p.amountCents)} failed${because(p.failureMessage)}. It is not retried.`;
      default: {
        const back = p.refundedCents > 0 ? `; ${money(p.refundedCents)} refunded` : "";
        return `No-show fee of ${money(p.capturedCents)} charged to the saved card${back}.`;
      }
    }
  }
  const what = p.kind === "deposit" ? "Deposit" : "Prepayment";
  switch (p.status) {
    case "requires_action":
      return `${what} of ${money(p.amountCents)} not paid yet (the guest is at the checkout).`;
    case "failed":
      return `${what} of ${money(p.amountCents)} failed${because(p.failureMessage)}.`;
    case "paid":
      return `${what} of ${money(p.capturedCents)} paid.`;
    case "forfeited":
      return `${what} of ${money(p.capturedCents)} kept (late cancel or no-show).`;
    default:
      return `${what} of ${money(p.capturedCents)} paid; ${money(p.refundedCents)} refunded.`;
  }
}

export const REFUND_REASON: Record<string, string> = {
  owner_refund: "by staff",
  cancelled_in_time: "cancelled in time",
  restaurant_cancelled: "restaurant cancelled",
  table_lost: "automatically: payment arrived after the hold lapsed",
};
