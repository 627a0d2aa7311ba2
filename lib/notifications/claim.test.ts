import { describe, expect, it } from "vitest";
import { backoffAfter, DEFAULT_RETRY_POLICY, idempotencyKeyFor } from "./claim";

describe("retry policy", () => {
  it("waits 1, 5, 15, then 60 minutes between attempts and gives up after five", () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffAfter(n))).toEqual([60, 300, 900, 3600, 3600, 3600]);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(5);
  });
  it("derives one stable key per outbox row", () => {
    expect(idempotencyKeyFor("abc")).toBe("notification-abc");
  });
});
