import { describe, expect, it } from "vitest";
import { sessionOverlaps, type SessionWindow } from "./session-overlap";

const s = (id: string, days: number[], firstSeating: string, lastSeating: string): SessionWindow => ({ id, name: id, days, firstSeating, lastSeating });

describe("sessionOverlaps", () => {
  it("finds sessions offering the same times on a shared day, with the days and times they share", () => {
    const found = sessionOverlaps([s("Lunch", [1, 2, 3, 4, 5, 6, 7], "12:00", "14:00"), s("Brunch", [6, 7], "10:00", "12:30")]);
    expect(found).toEqual([{ first: { id: "Lunch", name: "Lunch" }, second: { id: "Brunch", name: "Brunch" }, days: [6, 7], from: "12:00", to: "12:30" }]);
  });

  it("counts a seating both offer, and nothing for sessions that only meet in time on different days or follow each other", () => {
    expect(sessionOverlaps([s("Lunch", [1], "12:00", "14:00"), s("Tea", [1], "14:00", "16:00")])).toMatchObject([{ from: "14:00", to: "14:00" }]);
    expect(sessionOverlaps([s("Lunch", [1, 2], "12:00", "14:00"), s("Dinner", [1, 2], "18:00", "21:00")])).toEqual([]);
    expect(sessionOverlaps([s("Weekday", [1, 2, 3], "12:00", "14:00"), s("Weekend", [6, 7], "12:00", "14:00")])).toEqual([]);
  });

  it("reads a last seating before the first as running past midnight", () => {
    expect(sessionOverlaps([s("Late", [5], "22:00", "01:00"), s("Night", [5], "23:30", "23:59")])).toMatchObject([{ from: "23:30", to: "23:59" }]);
    expect(sessionOverlaps([s("Late", [5], "22:00", "01:00"), s("Dinner", [5], "18:00", "21:30")])).toEqual([]);
  });
});
