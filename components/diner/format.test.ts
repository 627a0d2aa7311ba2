import { describe, expect, it } from "vitest";
import {
  formatDateIn,
  formatLocalDate,
  formatMinutes,
  zoneLabel,
  formatTimeIn,
  formatWeekdays,
  localDateIn,
  partyLabel,
  slotAccessibleName,
} from "./format";

describe("diner formatting", () => {
  it("prints local dates as calendar days, whatever the machine's zone", () => {
    expect(formatLocalDate("2026-06-12")).toBe("Friday 12 June 2026");
    expect(formatLocalDate("2026-06-12", "short")).toBe("Fri 12 Jun");
  });

  it("prints an instant's date and time in the restaurant's zone", () => {
    // 00:30 in Tokyo on the 13th is still the 12th in London.
    const at = new Date("2026-06-12T15:30:00Z");
    expect(formatTimeIn(at, "Asia/Tokyo")).toBe("00:30");
    expect(localDateIn(at, "Asia/Tokyo")).toBe("2026-06-13");
    expect(formatDateIn(at, "Asia/Tokyo")).toBe("Saturday 13 June 2026");
    expect(formatTimeIn(at, "Europe/London")).toBe("16:30");
    expect(localDateIn(at, "America/New_York")).toBe("2026-06-12");
  });

  it("names a slot by its visible time first, then the date and the party", () => {
    expect(slotAccessibleName("19:00", "Friday 12 June 2026", 2)).toBe("19:00 on Friday 12 June 2026 for 2 people");
    expect(slotAccessibleName("12:30", "Friday 12 June 2026", 1)).toBe("12:30 on Friday 12 June 2026 for 1 person");
    expect(partyLabel(1)).toBe("1 person");
    expect(partyLabel(6)).toBe("6 people");
  });

  it("says durations in words", () => {
    expect(formatMinutes(10)).toBe("10 minutes");
    expect(formatMinutes(1)).toBe("1 minute");
    expect(formatMinutes(60)).toBe("1 hour");
    expect(formatMinutes(120)).toBe("2 hours");
    expect(formatMinutes(90)).toBe("1 hour 30 minutes");
    expect(formatMinutes(1440)).toBe("1 day");
    expect(formatMinutes(2880)).toBe("2 days");
  });

  it("writes ISO weekdays as runs", () => {
    expect(formatWeekdays([2, 3, 4, 5, 6, 7])).toBe("Tue–Sun");
    expect(formatWeekdays([6, 7])).toBe("Sat, Sun");
    expect(formatWeekdays([1, 2, 3, 4, 5, 6, 7])).toBe("Every day");
    expect(formatWeekdays([5, 1, 2, 3])).toBe("Mon–Wed, Fri");
    expect(formatWeekdays([3])).toBe("Wed");
    expect(formatWeekdays([])).toBe("");
  });
});

describe("zoneLabel", () => {
  it("names the place and its offset on that day", () => {
    expect(zoneLabel("Pacific/Auckland", new Date("2026-12-01T00:00:00Z"))).toBe("Auckland time (GMT+13)");
    expect(zoneLabel("America/New_York", new Date("2026-07-01T00:00:00Z"))).toBe("New York time (GMT-4)");
    expect(zoneLabel("UTC", new Date())).toBe("UTC");
  });
});
