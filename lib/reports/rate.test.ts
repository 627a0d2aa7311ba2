import { describe, expect, it } from "vitest";
import { MIN_OUTCOMES_FOR_RATE, rateText } from "./rate";

describe("rateText", () => {
  it("shows a percentage with its sample once there are enough outcomes", () => {
    expect(rateText(5, 41)).toEqual({ value: "12.2 %", sample: "5 of 41 outcomes" });
    expect(rateText(0, MIN_OUTCOMES_FOR_RATE)).toEqual({ value: "0.0 %", sample: "0 of 10 outcomes" });
  });

  it("hides the percentage under ten outcomes and says how few there are", () => {
    expect(rateText(1, 2)).toEqual({ value: "Too few to say", sample: "1 of 2 outcomes" });
    expect(rateText(1, 1)).toEqual({ value: "Too few to say", sample: "1 of 1 outcome" });
    expect(rateText(4, MIN_OUTCOMES_FOR_RATE - 1).value).toBe("Too few to say");
  });

  it("says there is nothing yet when no outcome is known", () => {
    expect(rateText(0, 0)).toEqual({ value: "–", sample: "no outcomes yet" });
  });
});
