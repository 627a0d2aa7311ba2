import { minorDigits } from "@/lib/payments/money";
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
  "deposits_taken",
  "refunded",
  "deposits_kept",
  "no_show_fees",
  "currency",
  "reviews",
  "average_rating",
  "reviews_unreplied",
] as const;

const ratio = (n: number, d: number) => (d > 0 ? (n / d).toFixed(4) : "");
const hours = (minutes: number) => (minutes / 60).toFixed(2);

/** A cell as RFC 4180 wants it, and never a formula when a spreadsheet opens it. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An amount in major units with the currency's decimals ("40.00"), as spreadsheets read numbers. */
const amount = (cents: number, currency: string) => {
  const digits = minorDigits(currency);
  return (cents / 10 ** digits).toFixed(digits);
};

function row(label: string, d: Omit<ReportDay, "date">, currency: string): string {
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
    amount(d.depositsTakenCents, currency),
    amount(d.refundedCents, currency),
    amount(d.depositsKeptCents, currency),
    amount(d.noShowFeesCents, currency),
    currency,
    d.reviews,
    d.reviews > 0 ? (d.reviewStars / d.reviews).toFixed(2) : "",
    d.reviewsUnreplied,
  ]
    .map(csvCell)
    .join(",");
}

/**
 * One line per local service date, then a `total` line; rates are fractions (0.125 = 12.5 %); money
 * in major units of the `currency` column. The review columns count the reviews written on that
 * local date (whatever visit they are about): how many, their average stars, how many await a reply.
 */
export function reportToCsv(report: Report): string {
  const lines = [HEADER.join(","), ...report.days.map((d) => row(d.date, d, report.currency)), row("total", report.totals, report.currency)];
  return `${lines.join("\r\n")}\r\n`;
}

export function reportFileName(report: Report): string {
  return `${report.restaurant.slug}-report-${report.from}-to-${report.to}.csv`;
}
