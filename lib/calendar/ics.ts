/**
 * iCalendar (RFC 5545) for "add to calendar": one event per file. Times are written in UTC, so a
 * calendar in any zone shows the booking at the right instant without shipping VTIMEZONE data.
 */
export interface CalendarEvent {
  /** Globally unique and stable for the booking, so re-importing updates the event instead of duplicating it. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  /** When this file was made. */
  stamp: Date;
  status?: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
  /** Bumped on every change to the booking (its version), so calendars take the newest. */
  sequence?: number;
  /**
   * PUBLISH (the default) adds or updates the event; CANCEL, with the same UID and a higher
   * SEQUENCE, tells the diner's calendar to remove it (RFC 5546 §3.2.5).
   */
  method?: "PUBLISH" | "CANCEL";
}

const PRODID = "-//Tablekeep//Reservations//EN";
const MAX_LINE_OCTETS = 75;

/** 20260612T180000Z */
export function formatIcsInstant(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError("Invalid date for an iCalendar instant");
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space. Cuts
 * never split a UTF-8 character, so "Kōwhai" survives any fold.
 */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  // The first line holds 75 octets; continuation lines 74, after their leading space.
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** The whole .ics file: CRLF line endings, folded lines, one VEVENT. */
export function buildIcs(event: CalendarEvent): string {
  if (!(event.end.getTime() > event.start.getTime())) throw new RangeError("An event must end after it starts");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${event.method ?? "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:${escapeIcsText(event.uid)}`,
    `DTSTAMP:${formatIcsInstant(event.stamp)}`,
    `DTSTART:${formatIcsInstant(event.start)}`,
    `DTEND:${formatIcsInstant(event.end)}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeIcsText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeIcsText(event.description)}`);
  // A URI value is not TEXT: it is not escaped, only folded.
  if (event.url) lines.push(`URL:${event.url}`);
  lines.push(`STATUS:${event.method === "CANCEL" ? "CANCELLED" : (event.status ?? "CONFIRMED")}`);
  lines.push(`SEQUENCE:${Math.max(0, Math.floor(event.sequence ?? 0))}`);
  lines.push("END:VEVENT", "END:VCALENDAR");
  return lines.map(foldIcsLine).join("\r\n") + "\r\n";
}
