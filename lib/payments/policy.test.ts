import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";
import { cutoffDeadline, paymentDue, paymentStatusSentence, policySentence, type PaymentPolicy } from "./policy";

const base: PaymentPolicy = { currency: "EUR", depositCents: 0, depositMinPartySize: 0, noShowFeeCents: 0, cancellationCutoffMinutes: 1440 };

describe("payment policy", () => {
  it("asks a deposit per cover from the minimum party size, else a card when there is a no-show fee, else nothing", () => {
    const p = { ...base, depositCents: 2000, depositMinPartySize: 5, noShowFeeCents: 1000 };
    expect(paymentDue(p, 6)).toEqual({ kind: "deposit", amountCents: 12000, currency: "EUR" });
    expect(paymentDue(p, 4)).toEqual({ kind: "card_guarantee", amountCents: 4000, currency: "EUR" });
    expect(paymentDue({ ...base, depositCents: 2000 }, 1)).toEqual({ kind: "deposit", amountCents: 2000, currency: "EUR" });
    expect(paymentDue(base, 4)).toBeNull();
  });

  it("states the policy in plain words", () => {
    expect(policySentence({ ...base, depositCents: 2000 })).toBe(
      "A deposit of €20 per person is taken when you book and returned in full if you cancel at least 1 day before your booking; it is kept if you cancel later or do not come.",
    );
    expect(policySentence({ ...base, currency: "GBP", noShowFeeCents: 1550, cancellationCutoffMinutes: 120 })).toContain(
      "A card is saved when you book but nothing is charged; a fee of £15.50 per person is charged only if you do not come or cancel less than 2 hours before your booking.",
    );
    expect(policySentence(base)).toBeNull();
  });

  it("names the party's total and the actual deadline once the booking is known", () => {
    const deadline = cutoffDeadline(new Date("2030-03-05T18:00:00Z"), 1440, "Europe/Paris", new Date("2030-03-01T00:00:00Z"));
    expect(deadline).toEqual({ words: "19:00 on Monday 4 March", passed: false });
    expect(policySentence({ ...base, depositCents: 2000 }, 2, deadline)).toBe(
      "A deposit of €20 per person (€40 for your party of 2) is taken when you book and returned in full if you cancel before 19:00 on Monday 4 March; it is kept if you cancel later or do not come.",
    );
    const mixed = { ...base, depositCents: 2000, depositMinPartySize: 6, noShowFeeCents: 1000 };
    expect(policySentence(mixed, 2, deadline)).toBe(
      "A card is saved when you book but nothing is charged; a fee of €10 per person (€20 for your party of 2) is charged only if you do not come or cancel after 19:00 on Monday 4 March.",
    );
    expect(policySentence({ ...base, depositCents: 2000 }, 2, { ...deadline!, passed: true })).toBe(
      "A deposit of €20 per person (€40 for your party of 2) is taken when you book; your booking is less than 1 day away, so it is kept if you cancel or do not come.",
    );
    expect(cutoffDeadline(new Date(), 0, "Europe/Paris")).toBeNull();
    expect(policySentence({ ...base, noShowFeeCents: 1000, cancellationCutoffMinutes: 0 })).toBe(
      "A card is saved when you book but nothing is charged; a fee of €10 per person is charged only if you do not come.",
    );
  });

  it("tells the diner what happened to their money", () => {
    const deposit = { kind: "deposit" as const, amountCents: 4000, currency: "EUR", refundedCents: 0 };
    const deadline = { words: "19:00 on Monday 4 March", passed: false };
    expect(paymentStatusSentence({ ...deposit, status: "paid" }, { deadline })).toBe(
      "You paid a deposit of €40. It is returned in full if you cancel before 19:00 on Monday 4 March; after that, or if you do not come, the restaurant keeps it.",
    );
    expect(paymentStatusSentence({ ...deposit, status: "refunded", refundedCents: 4000 }, { deadline })).toMatch(/^Your deposit of €40 has been refunded in full\./);
    expect(paymentStatusSentence({ ...deposit, status: "partially_refunded", refundedCents: 1500 }, { deadline })).toMatch(/^€15 of your deposit of €40 has been refunded\./);
    expect(paymentStatusSentence({ ...deposit, status: "forfeited" }, { deadline })).toMatch(/kept your deposit of €40/);
    expect(paymentStatusSentence({ kind: "card_guarantee", amountCents: 3000, currency: "GBP", refundedCents: 0, status: "card_saved" }, { deadline })).toBe(
      "Your card is saved and nothing has been charged. A fee of £30 is charged only if you do not come or cancel after 19:00 on Monday 4 March.",
    );
    expect(paymentStatusSentence({ kind: null, amountCents: 0, currency: null, refundedCents: 0, status: "none" }, { deadline })).toBeNull();
  });

  it("formats minor units by the currency's digits", () => {
    expect(formatMoney(2000, "EUR")).toBe("€20");
    expect(formatMoney(3000, "JPY")).toBe("JP¥3,000");
    expect(formatMoney(1234, "USD")).toBe("US$12.34");
  });
});
