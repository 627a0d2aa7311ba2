import type { PaymentKind } from "@/db/schema";
import { formatMoney } from "./money";

/** A restaurant's money policy, as the owner sets it. Client-safe. */
export interface PaymentPolicy {
  currency: string;
  depositCents: number;
  depositMinPartySize: number;
  noShowFeeCents: number;
  cancellationCutoffMinutes: number;
}

export interface PaymentDue {
  kind: PaymentKind;
  /** Deposit: taken now. Card guarantee: the fee the saved card may be charged on a no-show or late cancel. */
  amountCents: number;
  currency: string;
}

/**
 * What a party of this size owes at booking: a deposit per cover when the party is large enough,
 * otherwise a saved card when the restaurant charges no-show fees, otherwise nothing.
 */
export function paymentDue(policy: PaymentPolicy, partySize: number): PaymentDue | null {
  if (policy.depositCents > 0 && partySize >= policy.depositMinPartySize) {
    return { kind: "deposit", amountCents: policy.depositCents * partySize, currency: policy.currency };
  }
  if (policy.noShowFeeCents > 0) {
    return { kind: "card_guarantee", amountCents: policy.noShowFeeCents * partySize, currency: policy.currency };
  }
  return null;
}

function cutoffWords(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"}`;
  return `${minutes} minutes`;
}

/**
 * The policy in plain words, for the restaurant page, the booking form and the confirmation email.
 * Null when the restaurant asks for nothing.
 */
export function policySentence(policy: PaymentPolicy, partySize?: number): string | null {
  const cutoff = cutoffWords(policy.cancellationCutoffMinutes);
  const parts: string[] = [];
  if (policy.depositCents > 0) {
    const who = policy.depositMinPartySize > 1 ? ` for parties of ${policy.depositMinPartySize} or more` : "";
    const applies = partySize === undefined || partySize >= policy.depositMinPartySize;
    if (applies || partySize === undefined) {
      parts.push(
        `A deposit of ${formatMoney(policy.depositCents, policy.currency)} per person${who} is taken when you book and returned in full if you cancel at least ${cutoff} before your booking; it is kept if you cancel later or do not come.`,
      );
    }
  }
  const cardApplies = policy.noShowFeeCents > 0 && (partySize === undefined || !(policy.depositCents > 0 && partySize >= policy.depositMinPartySize));
  if (cardApplies) {
    const who = policy.depositCents > 0 && policy.depositMinPartySize > 1 ? `Smaller parties: ` : "";
    parts.push(
      `${who}A card is saved when you book but nothing is charged; a fee of ${formatMoney(policy.noShowFeeCents, policy.currency)} per person is charged only if you do not come or cancel less than ${cutoff} before your booking.`,
    );
  }
  return parts.length > 0 ? parts.join(" ") : null;
}

/** The policy fields of a restaurant row. */
export function paymentPolicyOf(r: PaymentPolicy): PaymentPolicy {
  return {
    currency: r.currency,
    depositCents: r.depositCents,
    depositMinPartySize: r.depositMinPartySize,
    noShowFeeCents: r.noShowFeeCents,
    cancellationCutoffMinutes: r.cancellationCutoffMinutes,
  };
}
