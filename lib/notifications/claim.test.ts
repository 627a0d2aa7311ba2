import { describe, expect, it } from "vitest";
import { backoffAfter, DEFAULT_RETRY_POLICY, idempotencyKeyFor } from "./claim";

describe("retry policy", () => {
  it("waits 1, 2, 5, 10, 30, then 60 minutes between attempts, and keeps trying for about a day", () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffAfter(n))).toEqual([60, 120, 300, 600, 1800, 3600, 3600]);
    const waits = Array.from({ length: DEFAULT_RETRY_POLICY.maxAttempts - 1 }, (_, i) => backoffAfter(i + 1));
    const hours = waits.reduce((a, b) => a + b, 0) / 3600;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
  });
  it("takes over a claim left by a dead worker after a minute", () => {
    expect(DEFAULT_RETRY_POLICY.staleClaimSeconds).toBe(60);
  });
  it("derives one stable key per outbox row", () => {
    expect(idempotencyKeyFor("abc")).toBe("notification-abc");
  });
});
