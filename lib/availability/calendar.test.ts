import { describe, expect, it } from "vitest";
import { addDays } from "./calendar";

describe("addDays", () => {
  it("crosses months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("is unmoved by clock changes (29 March and 25 October in Europe)", () => {
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2026-10-25", -1)).toBe("2026-10-24");
  });

  it("refuses what is not a date", () => {
    expect(() => addDays("tomorrow", 1)).toThrow(RangeError);
  });
});
