import { describe, expect, it } from "vitest";
import { paymentSummary } from "./payment-format";

describe("paymentSummary", () => {
  const card = { kind: "card_guarantee" as const, amountCents: 3000, currency: "EUR", capturedCents: 0, refundedCents: 0, refundableCents: 0, refunds: [] };

  it("puts Stripe's reason for a declined fee inside one sentence", () => {
    expect(paymentSummary({ ...card, status: "failed", failureMessage: "Your card has insufficient funds." })).toBe(
      "Charging the no-show fee of €30 failed: Your card has insufficient funds. It is not retried.",
    );
    expect(paymentSummary({ ...card, status: "failed", failureMessage: null })).toBe("Charging the no-show fee of €30 failed. It is not retried.");
  });

  it("says a charged fee was taken from the saved card", () => {
    expect(paymentSummary({ ...card, status: "charged", capturedCents: 3000, failureMessage: null })).toBe("No-show fee of €30 charged to the saved card.");
  });
});
