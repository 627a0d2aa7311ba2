import { DateTime } from "luxon";
import type { BookDelivery, BookReservation, BookTable } from "@/lib/reservations/day-book-types";

export const STATUS_LABEL: Record<BookReservation["status"], string> = {
  held: "Held online",
  confirmed: "Confirmed",
  seated: "Seated",
  completed: "Finished",
  cancelled: "Cancelled",
  expired: "Expired",
  no_show: "No-show",
};

export const SOURCE_LABEL: Record<BookReservation["source"], string> = {
  web: "Online",
  api: "API",
  owner: "Phone / staff",
  walk_in: "Walk-in",
};

/** Statuses that hold a table (a lapsed hold never reaches the client). */
export const BLOCKING = new Set<BookReservation["status"]>(["held", "confirmed", "seated"]);

export function guestName(r: Pick<BookReservation, "name">): string {
  return r.name?.trim() || "Guest";
}

/** "HH:MM" of an instant in the restaurant's zone. */
export function localTime(iso: string, tz: string): string {
  return DateTime.fromISO(iso, { zone: tz }).toFormat("HH:mm");
}

/** "Tue 5 Mar, 18:00" in the restaurant's zone. */
export function localDateTime(iso: string, tz: string): string {
  return DateTime.fromISO(iso, { zone: tz }).setLocale("en-GB").toFormat("ccc d LLL, HH:mm");
}

/** "Tuesday 5 March 2030" for a local date. */
export function longDate(date: string): string {
  return DateTime.fromISO(date, { zone: "utc" }).setLocale("en-GB").toFormat("cccc d LLLL yyyy");
}


/** The instant of a local wall-clock time on a local date in the restaurant's zone (null if it does not exist). */
export function wallClockInstant(date: string, time: string, tz: string): string | null {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: tz });
  if (!dt.isValid || dt.toFormat("HH:mm") !== time) return null;
  return dt.toUTC().toISO();
}

/** A sentence for a confirmation or reminder's delivery. */
export function deliveryText(kind: "Confirmation" | "Reminder", d: BookDelivery | null, tz: string, hasEmail = true): string {
  if (!d) return hasEmail ? `${kind}: not scheduled` : `${kind}: none (no email)`;
  switch (d.status) {
    case "sent":
      return `${kind} sent${d.sentAt ? ` ${localDateTime(d.sentAt, tz)}` : ""}`;
    case "pending":
      return `${kind} due ${localDateTime(d.sendAfter, tz)}`;
    case "sending":
      return `${kind} sending`;
    case "failed":
      return `${kind} failed; will retry`;
    case "skipped":
      return `${kind} not needed`;
  }
}

const MINUTE = 60_000;

/**
 * Tables that fit the party and have nothing blocking them from `now` for `minutes`, smallest first:
 * what a host would pick for a walk-in. The server decides again when seating.
 */
export function freeTablesNow(tables: BookTable[], reservations: BookReservation[], partySize: number, nowIso: string, minutes = 90): BookTable[] {
  const from = Date.parse(nowIso);
  const to = from + minutes * MINUTE;
  return tables
    .filter((t) => t.active && t.maxSeats >= partySize)
    .filter(
      (t) =>
        !reservations.some(
          (r) => r.tableId === t.id && BLOCKING.has(r.status) && Date.parse(r.startsAt) < to && Date.parse(r.endsAt) > from,
        ),
    )
    .sort((a, b) => a.maxSeats - b.maxSeats || a.label.localeCompare(b.label, "en", { numeric: true }));
}

/** A table as a staff form's option names it: "T4 (2–4 seats)", "Bar 1 (1–2 seats, house)". */
export function tableOptionLabel(t: Pick<BookTable, "label" | "minSeats" | "maxSeats" | "online">): string {
  return `${t.label} (${t.minSeats}–${t.maxSeats} seats${t.online ? "" : ", house"})`;
}
