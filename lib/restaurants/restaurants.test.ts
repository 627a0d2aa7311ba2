import { describe, expect, it } from "vitest";
import type { Slot } from "@/lib/availability/slots";
import { isCalendarDate, isIanaTimeZone, looksLikeUuid, slugify } from "@/lib/contract/common";
import { queryTerms, slotsNear } from "@/lib/restaurants/search";
import { parseInput } from "@/lib/contract/parse";
import { formatDistanceKm, formatNearPoint, searchPageLocation, searchSchema, SETUP_STEPS, snapRadiusKm, suggestSessionName, tableCreateSchema } from "@/lib/restaurants/contract";

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

describe("near-me search terms", () => {
  it("reads near as lat,lng and refuses anything else", () => {
    expect(searchSchema.parse({ near: " 51.5072, -0.1276 " }).near).toEqual({ lat: 51.5072, lng: -0.1276 });
    for (const bad of ["91,0", "0,-181", "abc", "1,2,3", "", "1e3,2"]) expect(searchSchema.safeParse({ near: bad }).success).toBe(false);
  });

  it("formats distances and rounds a location to about 100 m", () => {
    expect(formatDistanceKm(1.234)).toBe("1.2 km");
    expect(formatDistanceKm(0.04)).toBe("0.0 km");
    expect(formatDistanceKm(9.96)).toBe("10.0 km");
    expect(formatDistanceKm(12.6)).toBe("13 km");
    expect(formatNearPoint({ lat: 38.722349, lng: -9.139341 })).toBe("38.722,-9.139");
  });

  it("the page corrects what it cannot use, with a note, and sorts by distance by default near a place", () => {
    expect(searchPageLocation({ near: "38.7,-9.1" })).toEqual({ near: { lat: 38.7, lng: -9.1 }, place: undefined, radiusKm: undefined, sort: "distance", notes: [] });
    expect(searchPageLocation({ place: "Lisbon", sort: "rating" })).toMatchObject({ place: "Lisbon", sort: "rating", notes: [] });
    const snapped = searchPageLocation({ place: "Lisbon", radiusKm: "7" });
    expect(snapped.radiusKm).toBe(10);
    expect(snapped.notes[0]).toContain("within 10 km");
    expect(searchPageLocation({ place: "Lisbon", radiusKm: "900" }).radiusKm).toBe(25);
    const unread = searchPageLocation({ near: "95,0", radiusKm: "5" });
    expect(unread.near).toBeUndefined();
    expect(unread.radiusKm).toBeUndefined();
    expect(unread.notes).toHaveLength(2);
    expect(searchPageLocation({ radiusKm: "-3" }).notes[0]).toContain("not a distance");
    expect(searchPageLocation({ sort: "distance" })).toMatchObject({ sort: undefined, notes: [expect.stringContaining("type a place or use Near me")] });
    // A place typed after Near me wins.
    expect(searchPageLocation({ near: "38.7,-9.1", place: "Porto" })).toMatchObject({ near: undefined, place: "Porto" });
    expect(snapRadiusKm(0.3)).toBe(2);
  });
});
