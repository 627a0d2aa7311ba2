import { describe, expect, it } from "vitest";
import { refundAmountSchema, toMajorUnits, toMinorUnits } from "./contract";

describe("amounts in major units", () => {
  it("reads what people type into minor units, with the currency's own decimals", () => {
    expect(toMinorUnits("20", "EUR")).toBe(2000);
    expect(toMinorUnits("20.5", "EUR")).toBe(2050);
    expect(toMinorUnits(" €20,50 ", "EUR")).toBe(2050);
    expect(toMinorUnits("1,200.00", "GBP")).toBe(120000);
    expect(toMinorUnits("3000", "JPY")).toBe(3000);
    expect(toMinorUnits("1.234", "BHD")).toBe(1234);
  });

  it("refuses what is not an amount in that currency", () => {
    for (const bad of ["", "abc", "-5", "20.505", "1.2.3", "30.5"]) {
      expect(toMinorUnits(bad, bad === "30.5" ? "JPY" : "EUR")).toBeNull();
    }
  });

  it("shows minor units back as a form's value", () => {
    expect(toMajorUnits(2000, "EUR")).toBe("20");
    expect(toMajorUnits(2050, "EUR")).toBe("20.50");
    expect(toMajorUnits(3000, "JPY")).toBe("3000");
    expect(toMinorUnits(toMajorUnits(1999, "USD"), "USD")).toBe(1999);
  });
});

describe("the refund field", () => {
  const schema = refundAmountSchema("EUR", 4000, (c) => `€${c / 100}`);
  it("parses an amount up to what is left", () => {
    expect(schema.parse({ amount: "40" })).toEqual({ amount: 4000 });
    expect(schema.parse({ amount: "12.5" })).toEqual({ amount: 1250 });
  });
  it("says why an amount is refused", () => {
    expect(schema.safeParse({ amount: "40.01" }).error?.issues[0]?.message).toBe("At most €40 is left to refund.");
    expect(schema.safeParse({ amount: "0" }).error?.issues[0]?.message).toBe("Enter an amount above zero.");
    expect(schema.safeParse({ amount: "ten" }).error?.issues[0]?.message).toMatch(/Enter an amount such as/);
  });
});
