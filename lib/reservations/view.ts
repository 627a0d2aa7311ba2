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
  table: { id: string; label: string };
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
