import { describe, expect, it } from "vitest";
import { CircuitBreaker, DbFailure, isConnectFailure, isInconsistentResult } from "./resilience";

const result = (rows: unknown[], command: string, count: number) => Object.assign(rows, { command, count });

describe("isInconsistentResult", () => {
  it("accepts results whose rows match the reported count", () => {
    expect(isInconsistentResult(result([{ a: 1 }, { a: 2 }], "SELECT", 2))).toBe(false);
    expect(isInconsistentResult(result([], "SELECT", 0))).toBe(false);
    // A write without RETURNING reports what it changed and returns no rows.
    expect(isInconsistentResult(result([], "UPDATE", 3))).toBe(false);
    expect(isInconsistentResult(result([{ id: 1 }], "INSERT", 1))).toBe(false);
  });

  it("flags rows with holes and counts that disagree (the stale row counter)", () => {
    const holes: unknown[] = [];
    holes[3] = { a: 1 };
    expect(isInconsistentResult(result(holes, "SELECT", 1))).toBe(true);
    expect(isInconsistentResult(result([{ a: 1 }], "SELECT", 0))).toBe(true);
    expect(isInconsistentResult(result([{ a: 1 }, { a: 2 }], "UPDATE", 1))).toBe(true);
  });

  it("leaves anything that is not a driver result alone", () => {
    expect(isInconsistentResult([1, 2, 3])).toBe(false);
    expect(isInconsistentResult(null)).toBe(false);
  });
});

describe("CircuitBreaker", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });

  it("opens after connection failures in a row, fails fast, and closes when a probe answers", async () => {
    let up = false;
    let probes = 0;
    const breaker = new CircuitBreaker({
      threshold: 2,
      probeIntervalMs: 10,
      probe: async () => {
        probes++;
        if (!up) throw refused;
      },
    });
    try {
      breaker.failed(refused);
      expect(breaker.isOpen).toBe(false);
      breaker.failed(new Error("a bug, not a connection failure"));
      breaker.failed(refused);
      expect(breaker.isOpen).toBe(true);
      expect(() => breaker.check()).toThrow(DbFailure);
      await expect.poll(() => probes).toBeGreaterThan(1);
      expect(breaker.isOpen).toBe(true);
      up = true;
      await expect.poll(() => breaker.isOpen).toBe(false);
      expect(() => breaker.check()).not.toThrow();
    } finally {
      breaker.stop();
    }
  });

  it("a success resets the count", () => {
    const breaker = new CircuitBreaker({ threshold: 2, probeIntervalMs: 10, probe: async () => {} });
    breaker.failed(refused);
    breaker.succeeded();
    breaker.failed(refused);
    expect(breaker.isOpen).toBe(false);
    breaker.stop();
  });

  it("counts refusals, timeouts and login failures as connection failures, wrapped or not", () => {
    expect(isConnectFailure({ cause: { code: "CONNECT_TIMEOUT" } })).toBe(true);
    expect(isConnectFailure({ code: "28P01" })).toBe(true);
    expect(isConnectFailure({ code: "23505" })).toBe(false);
  });
});
