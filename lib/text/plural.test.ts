import { describe, expect, it } from "vitest";
import { countOf, formatMinutes } from "./plural";

describe("countOf", () => {
  it("pairs each count with its form", () => {
    expect(countOf(1, "minute")).toBe("1 minute");
    expect(countOf(0, "minute")).toBe("0 minutes");
    expect(countOf(2, "minute")).toBe("2 minutes");
    expect(countOf(1, "person", "people")).toBe("1 person");
    expect(countOf(12, "person", "people")).toBe("12 people");
  });
});

describe("formatMinutes", () => {
  it("never says 1 minutes, 1 hours or 1 days", () => {
    expect(formatMinutes(1)).toBe("1 minute");
    expect(formatMinutes(60)).toBe("1 hour");
    expect(formatMinutes(61)).toBe("1 hour 1 minute");
    expect(formatMinutes(1440)).toBe("1 day");
    expect(formatMinutes(2880)).toBe("2 days");
    expect(formatMinutes(150)).toBe("2 hours 30 minutes");
    expect(formatMinutes(0)).toBe("0 minutes");
  });
});
