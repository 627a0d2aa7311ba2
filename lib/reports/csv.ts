import type { Report, ReportDay } from "./report";

const HEADER = [
  "date",
  "reservations",
  "covers",
  "completed",
  "no_shows",
  "cancelled",
  "walk_ins",
  "no_show_rate",
  "booked_table_hours",
  "open_table_hours",
  "utilisation",
] as const;

const ratio = (n: number, d: number) => (d > 0 ? (n / d).toFixed(4) : "");
const hours = (minutes: number) => (minutes / 60).toFixed(2);

/** A cell as RFC 4180 wants it, and never a formula when a spreadsheet opens it. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(label: string, d: Omit<ReportDay, "date">): string {
  return [
    label,
    d.reservations,
    d.covers,
    d.completed,
    d.noShows,
    d.cancelled,
    d.walkIns,
    ratio(d.noShows, d.outcomes),
    hours(d.bookedMinutes),
    hours(d.openMinutes),
    ratio(d.bookedMinutes, d.openMinutes),
  ]
    .map(csvCell)
    .join(",");
}

/** One line per local service date, then a `total` line; rates are fractions (0.125 = 12.5 %). */
export function reportToCsv(report: Report): string {
  const lines = [HEADER.join(","), ...report.days.map((d) => row(d.date, d)), row("total", report.totals)];
  return `${lines.join("\r\n")}\r\n`;
}

export function reportFileName(report: Report): string {
  return `${report.restaurant.slug}-report-${report.from}-to-${report.to}.csv`;
}
