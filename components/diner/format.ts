/**
 * Formatting for the diner pages. Pure and locale-pinned (en-GB, 24-hour clock), so the server and
 * the browser print the same text and hydration never disagrees. Every instant is shown in the
 * restaurant's own zone, passed explicitly.
 */

import { countOf } from "@/lib/text/plural";

const LOCALE = "en-GB";

/**
 * One formatter per locale, options and zone, made once: building an Intl.DateTimeFormat costs far
 * more than formatting with it, and a page of search results formats a date for every time it shows.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/** A local date (YYYY-MM-DD) read as a calendar day: noon UTC can never slip to a neighbouring day. */
function calendarDay(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** "Friday 12 June 2026" (long) or "Fri 12 Jun" (short) for a local date. */
export function formatLocalDate(date: string, style: "long" | "short" = "long"): string {
  const opts: Intl.DateTimeFormatOptions =
    style === "long"
      ? { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }
      : { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" };
  return formatter(LOCALE, opts).format(calendarDay(date)).replace(",", "");
}

/** The restaurant's local date of an instant, YYYY-MM-DD. */
export function localDateIn(instant: Date, timeZone: string): string {
  const parts = formatter("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** "Friday 12 June 2026" for an instant, in the restaurant's zone. */
export function formatDateIn(instant: Date, timeZone: string, style: "long" | "short" = "long"): string {
  return formatLocalDate(localDateIn(instant, timeZone), style);
}

/** "19:00" for an instant, in the restaurant's zone. */
export function formatTimeIn(instant: Date, timeZone: string): string {
  return formatter(LOCALE, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/**
 * A zone as a diner reads it: "Auckland time (GMT+13)" on that instant, or "UTC". Used where times of
 * several zones sit side by side.
 */
export function zoneLabel(timeZone: string, at: Date): string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return "UTC";
  const place = (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ");
  const offset =
    formatter(LOCALE, { timeZone, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
  return offset ? `${place} time (${offset})` : `${place} time`;
}

/** "2 people", "1 person". */
export function partyLabel(partySize: number): string {
  return countOf(partySize, "person", "people");
}

/** "2 seats", "1 seat": what a booking at an experience is counted in. */
export function seatsLabel(seats: number): string {
  return countOf(seats, "seat");
}

/** "2 seats" at an experience, "2 people" at a table. */
export function bookingSizeLabel(r: { partySize: number; experience?: unknown }): string {
  return r.experience ? seatsLabel(r.partySize) : partyLabel(r.partySize);
}

/**
 * What a slot button says to assistive technology: the visible time first (WCAG 2.5.3), then the
 * date and the party, e.g. "19:00 on Friday 12 June 2026 for 2 people".
 */
export function slotAccessibleName(localTime: string, dateLabel: string, partySize: number): string {
  return `${localTime} on ${dateLabel} for ${countOf(partySize, "person", "people")}`;
}

export { countOf, formatMinutes } from "@/lib/text/plural";

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const WEEKDAYS_LONG = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** ISO weekdays as runs: [2,3,4,5,6,7] → "Tue–Sun"; [6,7] → "Sat, Sun"; all seven → "Every day". */
export function formatWeekdays(days: number[], style: "short" | "long" = "short"): string {
  const names = style === "short" ? WEEKDAYS : WEEKDAYS_LONG;
  const set = [...new Set(days.filter((d) => d >= 1 && d <= 7))].sort((a, b) => a - b);
  if (set.length === 7) return "Every day";
  if (set.length === 0) return "";
  const runs: [number, number][] = [];
  for (const d of set) {
    const last = runs[runs.length - 1];
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs
    .map(([a, b]) => {
      if (a === b) return names[a - 1];
      if (b === a + 1) return `${names[a - 1]}, ${names[b - 1]}`;
      return `${names[a - 1]}–${names[b - 1]}`;
    })
    .join(", ");
}
