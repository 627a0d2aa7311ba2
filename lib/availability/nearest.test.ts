import { describe, expect, it } from "vitest";
import { nearestInTime } from "./nearest";

const at = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);
const times = ["18:00", "19:00", "20:00", "21:00", "22:00"].map((t) => ({ t, ms: at(t) }));

describe("nearestInTime", () => {
  it("picks the nearest and returns them in time order", () => {
    expect(nearestInTime(times, (x) => x.ms, new Date(at("21:10")), 3).map((x) => x.t)).toEqual(["20:00", "21:00", "22:00"]);
  });

  it("breaks a tie towards the earlier time", () => {
    expect(nearestInTime(times, (x) => x.ms, new Date(at("19:30")), 1).map((x) => x.t)).toEqual(["19:00"]);
  });

  it("returns everything when there are fewer than asked, and nothing from nothing", () => {
    expect(nearestInTime(times.slice(0, 2), (x) => x.ms, new Date(at("12:00")))).toHaveLength(2);
    expect(nearestInTime([], () => 0, new Date())).toEqual([]);
  });
});
