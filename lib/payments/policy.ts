import { DateTime } from "luxon";
import type { PaymentKind } from "@/db/schema";
import { formatMoney } from "./money";
import type { PaymentView } from "./view";

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

/** The last moment a booking can be cancelled for free: in words, and whether it has gone by. */
export interface Deadline {
  /** "18:00 on Tuesday 4 March", in the restaurant's zone. */
  words: string;
  passed: boolean;
}

/**
 * The last moment a booking can be cancelled for free, in the restaurant's zone and in words:
 * what the booking form, the confirmation and the email promise. Null when there is no cut-off.
 */
export function cutoffDeadline(startsAt: Date, cutoffMinutes: number, timeZone: string, now: Date = new Date()): Deadline | null {
  if (cutoffMinutes <= 0) return null;
  const at = new Date(startsAt.getTime() - cutoffMinutes * 60_000);
  return {
    words: DateTime.fromJSDate(at, { zone: timeZone }).setLocale("en-GB").toFormat("HH:mm 'on' cccc d LLLL"),
    passed: at <= now,
  };
}

/**
 * The policy in plain words, for the restaurant page, the booking form and the confirmation email.
 * With a party size, only what applies to that party, with its total; with a deadline (see
 * `cutoffDeadline`), the actual time rather than "2 hours before". Null when the restaurant asks for nothing.
 */
export function policySentence(policy: PaymentPolicy, partySize?: number, deadline?: Deadline | null): string | null {
  const free = policy.cancellationCutoffMinutes > 0;
  const cutoff = cutoffWords(policy.cancellationCutoffMinutes);
  const beforeCutoff = deadline ? `before ${deadline.words}` : free ? `at least ${cutoff} before your booking` : "before your booking";
  const afterCutoff = deadline ? `after ${deadline.words}` : free ? `less than ${cutoff} before your booking` : "";
  const forParty = (perCover: number) => (partySize && partySize > 1 ? ` (${formatMoney(perCover * partySize, policy.currency)} for your party of ${partySize})` : "");
  const parts: string[] = [];
  const depositApplies = policy.depositCents > 0 && (partySize === undefined || partySize >= policy.depositMinPartySize);
  if (depositApplies) {
    const who = partySize === undefined && policy.depositMinPartySize > 1 ? ` for parties of ${policy.depositMinPartySize} or more` : "";
    const back = deadline?.passed
      ? `; your booking is less than ${cutoff} away, so it is kept if you cancel or do not come.`
      : ` and returned in full if you cancel ${beforeCutoff}; it is kept if you cancel later or do not come.`;
    parts.push(`A deposit of ${formatMoney(policy.depositCents, policy.currency)} per person${who}${forParty(policy.depositCents)} is taken when you book${back}`);
  }
  const cardApplies = policy.noShowFeeCents > 0 && (partySize === undefined || !(policy.depositCents > 0 && partySize >= policy.depositMinPartySize));
  if (cardApplies) {
    const who = partySize === undefined && policy.depositCents > 0 && policy.depositMinPartySize > 1 ? `Smaller parties: ` : "";
    const when = deadline?.passed
      ? `if you do not come or cancel (your booking is less than ${cutoff} away)`
      : afterCutoff
        ? `if you do not come or cancel ${afterCutoff}`
        : "if you do not come";
    parts.push(
      `${who}A card is saved when you book but nothing is charged; a fee of ${formatMoney(policy.noShowFeeCents, policy.currency)} per person${forParty(policy.noShowFeeCents)} is charged only ${when}.`,
    );
  }
  return parts.length > 0 ? parts.join(" ") : null;
}

/**
 * What seats at an experience cost, said before the diner commits: paid in full at booking, returned
 * if they cancel in time. Null for free seats.
 */
export function seatPaymentSentence(amountCents: number | null, currency: string | null, seats: number, deadline?: Deadline | null): string | null {
  if (!amountCents || amountCents <= 0 || !currency) return null;
  const what = `${seats === 1 ? "1 seat" : `${seats} seats`}: ${formatMoney(amountCents, currency)}, paid in full when you book`;
  if (!deadline) return `${what}, and refunded in full if you cancel before it starts.`;
  if (deadline.passed) return `${what}. It is less than the cancellation notice away, so the restaurant keeps it if you cancel.`;
  return `${what}, and refunded in full if you cancel before ${deadline.words}; after that, the restaurant keeps it.`;
}

/**
 * What happened to a booking's money, in plain words for the diner (confirmation page, manage page,
 * confirmation email), with the free-cancellation deadline (`cutoffDeadline`). Null when nothing is
 * due, or nothing the diner needs to hear.
 */
export function paymentStatusSentence(
  p: Pick<PaymentView, "status" | "kind" | "amountCents" | "currency" | "refundedCents">,
  opts: { deadline: Deadline | null; reservationStatus?: string },
): string | null {
  if (p.status === "none" || !p.kind || !p.currency) return null;
  const money = (cents: number) => formatMoney(cents, p.currency!);
  const what = p.kind === "deposit" ? "deposit" : p.kind === "prepayment" ? "prepayment" : "no-show fee";
  const cancelled = opts.reservationStatus === "cancelled";
  const d = opts.deadline;
  switch (p.status) {
    case "paid":
      if (cancelled) return `Your ${what} of ${money(p.amountCents)} is being refunded in full.`;
      if (d && !d.passed) {
        return `You paid a ${what} of ${money(p.amountCents)}. It is returned in full if you cancel before ${d.words}; after that, or if you do not come, the restaurant keeps it.`;
      }
      return `You paid a ${what} of ${money(p.amountCents)}. The restaurant keeps it if you ${d ? "cancel or " : ""}do not come.`;
    case "card_saved":
      if (d && !d.passed) {
        return `Your card is saved and nothing has been charged. A fee of ${money(p.amountCents)} is charged only if you do not come or cancel after ${d.words}.`;
      }
      return `Your card is saved and nothing has been charged. A fee of ${money(p.amountCents)} is charged only if you ${d ? "cancel or " : ""}do not come.`;
    case "refunded":
      return `Your ${what} of ${money(p.refundedCents)} has been refunded in full. It can take a few days to reach your account.`;
    case "partially_refunded":
      return `${money(p.refundedCents)} of your ${what} of ${money(p.amountCents)} has been refunded. It can take a few days to reach your account.`;
    case "forfeited":
      return `The restaurant kept your ${what} of ${money(p.amountCents)}, as its policy says for a late cancel or a no-show.`;
    case "charged":
      return `A fee of ${money(p.amountCents)} was charged to your saved card, as the restaurant's policy says for a late cancel or a no-show.`;
    case "requires_action":
    case "failed":
      return null;
  }
}

/** A session's own money policy: each null field takes the restaurant's value. */
export interface SessionMoneyPolicy {
  depositCents: number | null;
  depositMinPartySize: number | null;
  noShowFeeCents: number | null;
}

/**
 * The policy a booking in this session follows: the restaurant's, with whatever the session sets for
 * itself (a deposit only on Saturday evenings, no card at lunch). Without a session, the restaurant's.
 */
export function sessionPaymentPolicy(restaurant: PaymentPolicy, session: SessionMoneyPolicy | null | undefined): PaymentPolicy {
  const own = paymentPolicyOf(restaurant);
  if (!session) return own;
  return {
    ...own,
    depositCents: session.depositCents ?? own.depositCents,
    depositMinPartySize: session.depositMinPartySize ?? own.depositMinPartySize,
    noShowFeeCents: session.noShowFeeCents ?? own.noShowFeeCents,
  };
}

/** Whether a session sets any part of the money policy itself. */
export function hasOwnMoneyPolicy(session: SessionMoneyPolicy): boolean {
  return session.depositCents !== null || session.depositMinPartySize !== null || session.noShowFeeCents !== null;
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
