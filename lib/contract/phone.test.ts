import { describe, expect, it } from "vitest";
import { normalisePhone, toE164 } from "./phone";

describe("phone numbers", () => {
  it("normalises international numbers however they are typed to E.164", () => {
    expect(toE164("+44 7911 123456")).toBe("+447911123456");
    expect(toE164("+44 (0)20 7946 0000")).toBe("+442079460000");
    expect(toE164("+1 (415) 555-2671")).toBe("+14155552671");
    expect(toE164("+33 6 12 34 56 78")).toBe("+33612345678");
  });

  it("cannot place a number without its country code, and refuses invalid ones", () => {
    expect(toE164("020 7946 0000")).toBeNull();
    expect(toE164("+44 12")).toBeNull();
    expect(toE164("")).toBeNull();
    expect(toE164(null)).toBeNull();
  });

  it("keeps a local number as typed for the restaurant to read", () => {
    expect(normalisePhone("020 7946 0000")).toBe("020 7946 0000");
    expect(normalisePhone("+44 20 7946 0000")).toBe("+442079460000");
    expect(normalisePhone(null)).toBeNull();
  });
});
