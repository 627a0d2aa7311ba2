import type { ReservationSource, ReservationStatus } from "@/db/schema";
import type { PaymentView } from "@/lib/payments/view";

/** A reservation as services return it. HTTP maps it to snake_case; pages render it. */
export interface ReservationView {
  id: string;
  code: string;
  status: ReservationStatus;
  restaurantId: string;
  serviceDate: string;
  startsAt: Date;
  endsAt: Date;
  partySize: number;
  /** Null for a seat booking at an experience. */
  table: { id: string; label: string } | null;
  /** A seat booking: the experience and section its seats are in. */
  experience: { id: string; name: string; section: { id: string; name: string } } | null;
  /** A seat booking: the price of its seats (section price × seats), and its currency. */
  amountCents: number | null;
  currency: string | null;
  holdExpiresAt: Date | null;
  holdExtended: boolean;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** The diner agreed to texts at `phone`. */
  smsOptIn: boolean;
  specialRequests: string | null;
  occasion: string | null;
  notes: string | null;
  source: ReservationSource;
  userId: string | null;
  version: number;
  /** The calendar event's SEQUENCE: one more for every change of time, date or party size. */
  sequence: number;
  createdAt: Date;
  /** The deposit, prepayment or card guarantee (`status: "none"` when nothing is due). */
  payment: PaymentView;
}

/** How a caller reaches a reservation: their session, or a guest's manage token. */
export interface ReservationAccess {
  principal: { userId: string; email: string; name: string | null } | null;
  manageToken?: string | null;
}

/** A table booking's view: what the day book and its actions deal in. */
export type TableReservationView = ReservationView & { table: { id: string; label: string } };

/** Narrows a view to a table booking; the callers have already refused seat bookings. */
export function onTable(v: ReservationView): TableReservationView {
  if (!v.table) throw new Error(`reservation ${v.id} has no table`);
  return v as TableReservationView;
}
