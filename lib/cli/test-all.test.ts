import { describe, expect, it } from "vitest";
import { playwrightCounts, totals, vitestCounts } from "./test-all";

describe("test-all summary", () => {
  it("reads passed and failed counts from vitest's JSON report", () => {
    expect(vitestCounts({ numPassedTests: 12, numFailedTests: 1, numTotalTests: 13 })).toEqual({ passed: 12, failed: 1 });
    expect(vitestCounts({})).toBeUndefined();
  });

  it("reads Playwright's JSON stats, counting flaky tests as passed", () => {
    expect(playwrightCounts({ stats: { expected: 5, unexpected: 2, flaky: 1, skipped: 0 } })).toEqual({ passed: 6, failed: 2 });
    expect(playwrightCounts(undefined)).toBeUndefined();
  });

  it("adds up test counts and counts a layer that failed without failing tests as one failure", () => {
    expect(
      totals([
        { name: "lint", status: "passed", seconds: 1 },
        { name: "unit", status: "passed", counts: { passed: 10, failed: 0 } },
        { name: "integration", status: "failed", counts: { passed: 4, failed: 2 } },
      ]),
    ).toEqual({ passed: 14, failed: 2 });
    expect(totals([{ name: "typecheck", status: "failed" }, { name: "unit", status: "skipped" }])).toEqual({
      passed: 0,
      failed: 1,
    });
  });
});
