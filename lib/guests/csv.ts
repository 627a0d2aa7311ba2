import { csvCell } from "@/lib/reports/csv";
import type { GuestRow } from "./types";

const HEADER = ["name", "email", "phone", "visits", "covers", "no_shows", "cancellations", "upcoming", "last_visit", "tags", "allergies", "notes"] as const;

/** One line per guest, as the list shows them; tags joined with "; ". Cells escaped and never formulas. */
export function guestsToCsv(guests: readonly GuestRow[]): string {
  const lines = guests.map((g) =>
    [g.name ?? "", g.email ?? "", g.phone ?? "", g.visits, g.covers, g.noShows, g.cancellations, g.upcoming, g.lastVisit ?? "", g.tags.join("; "), g.allergies ?? "", g.notes ?? ""]
      .map(csvCell)
      .join(","),
  );
  return `${[HEADER.join(","), ...lines].join("\r\n")}\r\n`;
}

export function guestsFileName(slug: string, date: string): string {
  return `${slug}-guests-${date}.csv`;
}
