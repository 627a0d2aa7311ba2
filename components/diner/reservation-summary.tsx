import Link from "next/link";
import type { ReactNode } from "react";
import { OCCASIONS } from "@/lib/reservations/contract";
import { formatDateIn, formatTimeIn, partyLabel, seatsLabel } from "./format";

export interface SummaryRestaurant {
  name: string;
  slug: string;
  address: string | null;
  timezone: string;
}

export interface SummaryReservation {
  code?: string;
  startsAt: Date;
  partySize: number;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  occasion?: string | null;
  specialRequests?: string | null;
  /** Seats at an experience: named instead of a party. */
  experience?: { name: string; section: { name: string } } | null;
}

const STATUS_LABELS: Record<string, string> = {
  held: "Held, not yet confirmed",
  confirmed: "Confirmed",
  seated: "Seated",
  completed: "Completed",
  cancelled: "Cancelled",
  expired: "Hold expired",
  no_show: "Marked as a no-show",
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

export function occasionLabel(value: string | null | undefined): string | null {
  if (!value) return null;
  return OCCASIONS.find((o) => o.value === value)?.label ?? value;
}

/** A reservation's facts as a definition list, times in the restaurant's zone. */
export function ReservationSummary({
  restaurant,
  reservation,
  status,
  extra,
}: {
  restaurant: SummaryRestaurant;
  reservation: SummaryReservation;
  status?: string;
  extra?: ReactNode;
}) {
  const r = reservation;
  const rows: [string, ReactNode][] = [
    ["Restaurant", <Link key="r" href={`/r/${encodeURIComponent(restaurant.slug)}`}>{restaurant.name}</Link>],
    ["Date", formatDateIn(r.startsAt, restaurant.timezone)],
    [
      "Time",
      <>
        <time dateTime={r.startsAt.toISOString()}>{formatTimeIn(r.startsAt, restaurant.timezone)}</time>{" "}
        <span className="muted">({restaurant.timezone})</span>
      </>,
    ],
    ...(r.experience
      ? ([
          ["Experience", r.experience.name],
          ["Section", r.experience.section.name],
          ["Seats", seatsLabel(r.partySize)],
        ] as [string, ReactNode][])
      : ([["Party", partyLabel(r.partySize)]] as [string, ReactNode][])),
  ];
  if (r.code) rows.unshift(["Booking code", <strong key="c" className="booking-code">{r.code}</strong>]);
  if (status) rows.push(["Status", statusLabel(status)]);
  if (restaurant.address) rows.push(["Address", restaurant.address]);
  if (r.name) rows.push(["Name", r.name]);
  if (r.email) rows.push(["Email", r.email]);
  if (r.phone) rows.push(["Phone", r.phone]);
  const occasion = occasionLabel(r.occasion);
  if (occasion) rows.push(["Occasion", occasion]);
  if (r.specialRequests) rows.push(["Special requests", r.specialRequests]);
  return (
    <dl className="summary-list" data-testid="reservation-summary">
      {rows.map(([term, value]) => (
        <div key={term} className="summary-row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {extra}
    </dl>
  );
}
