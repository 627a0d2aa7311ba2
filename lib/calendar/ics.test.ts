import { describe, expect, it } from "vitest";
import { buildIcs, escapeIcsText, foldIcsLine, formatIcsInstant } from "./ics";

const event = {
  uid: "3f1c7a2e-0000-4000-8000-000000000001@tablekeep",
  start: new Date("2026-06-12T18:00:00Z"),
  end: new Date("2026-06-12T19:30:00Z"),
  stamp: new Date("2026-06-01T09:15:30.123Z"),
  summary: "Dinner at Harbour & Vine, party of 2",
  location: "7 Circular Quay West, The Rocks NSW 2000",
  description: "Code K7M3QX2\nManage: https://tablekeep.example/reservations/K7M3QX2?token=abc",
  url: "https://tablekeep.example/reservations/K7M3QX2",
};

/** Unfolds continuation lines, as a calendar reader would. */
const unfold = (ics: string) => ics.replace(/\r\n /g, "");

describe("iCalendar export", () => {
  it("writes instants in UTC basic format without milliseconds", () => {
    expect(formatIcsInstant(new Date("2026-12-04T00:30:00.999Z"))).toBe("20261204T003000Z");
  });

  it("escapes backslashes, semicolons, commas and newlines in text", () => {
    expect(escapeIcsText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("builds one VEVENT with the booking's instants, summary, location and status, CRLF throughout", () => {
    const ics = buildIcs(event);
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/\n|\r/);
    const lines = unfold(ics).trimEnd().split("\r\n");
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).toEqual(
      expect.arrayContaining([
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "DTSTART:20260612T180000Z",
        "DTEND:20260612T193000Z",
        "DTSTAMP:20260601T091530Z",
        "SUMMARY:Dinner at Harbour & Vine\\, party of 2",
        "LOCATION:7 Circular Quay West\\, The Rocks NSW 2000",
        `UID:${event.uid}`,
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
      ]),
    );
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);
  });

  it("folds long lines at 75 octets without splitting a multi-byte character", () => {
    const line = `SUMMARY:${"Kōwhai Kitchen ".repeat(12)}`;
    const folded = foldIcsLine(line);
    const encoder = new TextEncoder();
    for (const part of folded.split("\r\n")) expect(encoder.encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(folded.split("\r\n").slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(folded).not.toContain("\uFFFD");
  });

  it("leaves short lines alone and omits empty optional fields", () => {
    expect(foldIcsLine("UID:x")).toBe("UID:x");
    const ics = buildIcs({ ...event, location: null, description: "", url: undefined });
    expect(ics).not.toContain("LOCATION:");
    expect(ics).not.toContain("DESCRIPTION:");
    expect(ics).not.toContain("URL:");
  });

  it("marks a cancelled booking cancelled with its sequence, and refuses an event that ends before it starts", () => {
    const ics = buildIcs({ ...event, status: "CANCELLED", sequence: 4 });
    expect(ics).toContain("STATUS:CANCELLED\r\n");
    expect(ics).toContain("SEQUENCE:4\r\n");
    expect(() => buildIcs({ ...event, end: event.start })).toThrow(RangeError);
  });
});
