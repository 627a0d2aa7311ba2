import { describe, expect, it } from "vitest";
import { buildIcs, foldIcsLine as foldLine } from "./ics";

describe("buildIcs", () => {
  const event = {
    uid: "r1@tablekeep",
    start: new Date("2030-10-27T00:30:00Z"),
    end: new Date("2030-10-27T02:00:00Z"),
    stamp: new Date("2030-10-01T12:00:00.123Z"),
    summary: "Table for 2 at Café; Bar, Grill",
    description: "Line one\nLine two \\ done",
    location: "1 Rue, Paris",
  };

  it("writes UTC times, CRLF line ends and RFC 5545 escapes", () => {
    const ics = buildIcs(event);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
    for (const line of [
      "DTSTART:20301027T003000Z",
      "DTEND:20301027T020000Z",
      "DTSTAMP:20301001T120000Z",
      "SUMMARY:Table for 2 at Café\\; Bar\\, Grill",
      "DESCRIPTION:Line one\\nLine two \\\\ done",
      "METHOD:PUBLISH",
    ])
      expect(ics).toContain(`${line}\r\n`);
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const line = `SUMMARY:${"é".repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(" ")).toBe(true);
    }
    // Unfolding restores the line exactly.
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(foldLine("SHORT:1")).toBe("SHORT:1");
  });
});
