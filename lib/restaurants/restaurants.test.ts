import { describe, expect, it } from "vitest";
import type { Slot } from "@/lib/availability/slots";
import { isCalendarDate, isIanaTimeZone, looksLikeUuid, slugify } from "@/lib/contract/common";
import { queryTerms, slotsNear } from "@/lib/restaurants/search";
import { parseInput } from "@/lib/contract/parse";
import { SETUP_STEPS, suggestSessionName, tableCreateSchema } from "@/lib/restaurants/contract";

describe("slugify", () => {
  it("makes URL-safe slugs from names, folding accents and symbols", () => {
    expect(slugify("Café Déjà Vu!")).toBe("cafe-deja-vu");
    expect(slugify("  Fish & Chips -- Co. ")).toBe("fish-and-chips-co");
    expect(slugify("寿司")).toBe("");
    expect(slugify("x".repeat(80))).toHaveLength(50);
  });
});

describe("search helpers", () => {
  it("keeps only letters and digits as query terms, at most eight", () => {
    expect(queryTerms("Pizza's & 'Napoli':*|!")).toEqual(["pizza", "s", "napoli"]);
    expect(queryTerms("Crème brûlée")).toEqual(["crème", "brûlée"]);
    expect(queryTerms("a b c d e f g h i j")).toHaveLength(8);
    expect(queryTerms(" -- ")).toEqual([]);
  });

  it("keeps available slots within an hour of the requested local time", () => {
    const slot = (iso: string, available = true) => ({ startsAt: new Date(iso), available }) as Slot;
    const slots = [
      slot("2030-07-01T16:45:00Z"), // 17:45 London (BST): 75 min early
      slot("2030-07-01T17:00:00Z"), // 18:00
      slot("2030-07-01T18:00:00Z", false), // 19:00 but taken
      slot("2030-07-01T19:00:00Z"), // 20:00
      slot("2030-07-01T19:15:00Z"), // 20:15
    ];
    const near = slotsNear(slots, "Europe/London", "2030-07-01", "19:00");
    expect(near.map((s) => s.startsAt.toISOString())).toEqual(["2030-07-01T17:00:00.000Z", "2030-07-01T19:00:00.000Z"]);
  });
});

describe("contract helpers", () => {
  it("a service refuses input that skipped the contract with every field error, in wire names", () => {
    expect(() => parseInput(tableCreateSchema, { label: "", minSeats: 0, maxSeats: 3 }, { keys: "snake" })).toThrow(
      expect.objectContaining({ code: "invalid_input", fields: { label: ["Required."], min_seats: [expect.any(String)] } }),
    );
  });

  it("recognises dates, zones and uuid-shaped strings", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isIanaTimeZone("Asia/Kolkata")).toBe(true);
    expect(isIanaTimeZone("GMT+5")).toBe(false);
    expect(looksLikeUuid("6F1C1B9E-2A7D-4C1E-9A51-6B2D3F0E8A11")).toBe(true);
    expect(looksLikeUuid("la-piazza")).toBe(false);
  });
});

describe("new session names and setup steps", () => {
  it("suggests Dinner, then the first unused of Breakfast, Lunch and Late, else nothing", () => {
    expect(suggestSessionName([])).toBe("Dinner");
    expect(suggestSessionName(["Dinner"])).toBe("Breakfast");
    expect(suggestSessionName([" breakfast ", "LUNCH"])).toBe("Dinner");
    expect(suggestSessionName(["Breakfast", " dinner", "Lunch"])).toBe("Late");
    expect(suggestSessionName(["Breakfast", "Lunch", "dinner", "Late", "Brunch"])).toBe("");
  });

  it("counts five setup steps, creating the restaurant first and publishing last", () => {
    expect(SETUP_STEPS).toHaveLength(5);
    expect(SETUP_STEPS[0]).toBe("Create your restaurant");
    expect(SETUP_STEPS.at(-1)).toBe("Publish");
  });
});
