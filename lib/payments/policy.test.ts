import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";
import { paymentDue, policySentence, type PaymentPolicy } from "./policy";

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

  it("formats minor units by the currency's digits", () => {
    expect(formatMoney(2000, "EUR")).toBe("€20");
    expect(formatMoney(3000, "JPY")).toBe("JP¥3,000");
    expect(formatMoney(1234, "USD")).toBe("US$12.34");
  });
});
