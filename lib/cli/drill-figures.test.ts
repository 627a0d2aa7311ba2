import { describe, expect, it } from "vitest";
import { emailChecks, emailFigures, outageChecks, outageFigures, passed, report, statusLine, type Sample } from "./drill-figures";

const at = (startedAt: number, took: number, status: number, extra: Partial<Sample> = {}): Sample => ({
  op: "hold",
  startedAt,
  endedAt: startedAt + took,
  status,
  ...(status === 503 ? { retryAfter: true } : {}),
  ...extra,
});

describe("outage figures", () => {
  // Down from 1000 to 5000.
  const outage = { downAt: 1_000, backAt: 5_000 };

  it("measures answers while down and the time to full service after the return", () => {
    const samples = [
      at(500, 20, 201),
      at(1_200, 300, 503),
      at(3_000, 800, 503),
      at(5_100, 50, 503), // still failing after the return
      at(5_900, 40, 201), // the first served after the last failure
      at(6_500, 30, 200),
    ];
    const f = outageFigures(samples, outage);
    expect(f.sentWhileDown).toBe(2);
    expect(f.maxLatencyDownMs).toBe(800);
    expect(f.unavailable).toBe(3);
    expect(f.recoveryMs).toBe(940);
    expect(f.failuresAfterBack).toBe(1);
    expect(f.lastFailureAfterBackMs).toBe(100);
    expect(passed(outageChecks(f))).toBe(true);
  });

  it("does not count a success that was sent before a later failure as recovery", () => {
    const f = outageFigures([at(5_100, 2_000, 201), at(5_200, 10, 503), at(5_300, 10, 201)], outage);
    expect(f.recoveryMs).toBe(310);
  });

  it("fails when service never returns", () => {
    const f = outageFigures([at(1_500, 10, 503), at(5_500, 10, 503)], outage);
    expect(f.recoveryMs).toBeNull();
    const failing = outageChecks(f).filter((c) => !c.pass).map((c) => c.name);
    expect(failing).toEqual(["full service within 5000 ms of the return"]);
  });

  it("fails a slow answer while down, a hang, a 503 without Retry-After, a 500 and a wrong 404", () => {
    const f = outageFigures(
      [
        at(1_500, 1_600, 503),
        at(2_000, 20_000, 0, { timedOut: true }),
        at(2_500, 5, 503, { retryAfter: false }),
        at(3_000, 5, 500),
        at(5_500, 5, 404, { wrong: true }),
        at(6_000, 5, 201),
      ],
      outage,
    );
    const failing = outageChecks(f)
      .filter((c) => !c.pass)
      .map((c) => c.name);
    expect(failing).toEqual([
      "answers while down within 1500 ms",
      "no request left hanging",
      "every 503 carries Retry-After",
      "no 500s",
      "no wrong 404s",
    ]);
  });

  it("does not pass an outage in which no request was sent", () => {
    const f = outageFigures([at(6_000, 5, 201)], outage);
    expect(outageChecks(f).find((c) => c.name.startsWith("answers while down"))?.pass).toBe(false);
  });

  it("refused connections are failures, not service", () => {
    const f = outageFigures([at(5_100, 1, 0), at(5_200, 5, 200)], outage);
    expect(f.recoveryMs).toBe(205);
    expect(f.hangs).toBe(0);
  });
});

describe("email figures", () => {
  it("counts confirmed reservations without an email and with more than one", () => {
    const f = emailFigures(
      ["a@x", "b@x", "c@x"],
      [
        { to: "a@x", key: "k1" },
        { to: "b@x", key: "k2" },
        { to: "b@x", key: "k3" },
      ],
    );
    expect(f).toEqual({ confirmed: 3, missing: 1, duplicated: 1, duplicateKeys: 0 });
    expect(emailChecks(f).map((c) => c.pass)).toEqual([false, false]);
  });

  it("flags a key delivered twice", () => {
    const f = emailFigures(["a@x", "b@x"], [
      { to: "a@x", key: "k" },
      { to: "b@x", key: "k" },
    ]);
    expect(f.duplicateKeys).toBe(1);
    expect(passed(emailChecks(f))).toBe(false);
  });

  it("passes exactly one email each", () => {
    expect(passed(emailChecks(emailFigures(["a@x"], [{ to: "a@x", key: "k" }])))).toBe(true);
  });
});

describe("report", () => {
  it("prints the figures, one PASS/FAIL line per check and the verdict", () => {
    const text = report("Drill", ["requests 3"], [
      { name: "a", actual: "1", pass: true },
      { name: "bb", actual: "2", pass: false },
    ]);
    expect(text.split("\n").slice(1)).toEqual(["  requests 3", "  PASS  a   1", "  FAIL  bb  2", "  => FAIL"]);
  });

  it("shows refused connections as none", () => {
    expect(statusLine([at(0, 1, 201), at(0, 1, 0), at(0, 1, 201)])).toBe("none×1 201×2");
  });
});
