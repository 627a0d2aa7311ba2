/**
 * The day's book as the owner workspace receives it: plain JSON (instants as ISO strings), the same
 * shape from the server render and from the polling route, so client components can share it.
 * Type-only imports: client components use these without pulling in the database.
 */
import type { MemberRole, PaymentKind, PaymentStatus, RefundStatus, ReservationSource, ReservationStatus } from "@/db/schema";
import type { PartyRequestView } from "@/lib/party-requests/party-requests";

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "skipped";

export interface BookDelivery {
  status: DeliveryStatus;
  sentAt: string | null;
  sendAfter: string;
}

/** A booking's deposit, prepayment or saved card, with its refunds: what the dialog shows and refunds from. */
export interface BookPayment {
  kind: PaymentKind;
  status: PaymentStatus;
  /** Deposit or prepayment: what is taken. Card guarantee: the fee the card may be charged. */
  amountCents: number;
  currency: string;
  /** Money actually taken (a paid deposit, a charged fee). */
  capturedCents: number;
  refundedCents: number;
  /** What can still be refunded: taken, minus refunded, minus refunds on their way to Stripe. */
  refundableCents: number;
  /** Why a charge or the last refund failed, in Stripe's words. */
  failureMessage: string | null;
  /** Every refund recorded, oldest first; their count makes a refund request idempotent. */
  refunds: { amountCents: number; status: RefundStatus; reason: string; at: string }[];
}

/** When something on the book runs: the instants, and their wall-clock times in the restaurant's zone. */
export interface BookSpan {
  startsAt: string;
  endsAt: string;
  /** "HH:MM" in the restaurant's zone. */
  localStart: string;
  localEnd: string;
}

export interface BookReservation extends BookSpan {
  id: string;
  code: string;
  status: ReservationStatus;
  source: ReservationSource;
  partySize: number;
  tableId: string;
  tableLabel: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  specialRequests: string | null;
  occasion: string | null;
  holdExpiresAt: string | null;
  version: number;
  confirmation: BookDelivery | null;
  reminder: BookDelivery | null;
  /** Null when the booking asks for no money and no card. */
  payment: BookPayment | null;
}

export interface BookTable {
  id: string;
  label: string;
  area: string | null;
  minSeats: number;
  maxSeats: number;
  online: boolean;
  active: boolean;
}

export interface BookSeating {
  startsAt: string;
  localTime: string;
  sessionName: string;
}

export interface BookSlotCovers {
  startsAt: string;
  localTime: string;
  covers: number;
  reservations: number;
}

export interface BookCounts {
  /** Bookings that are on (confirmed, seated, completed): what the kitchen plans for. */
  bookings: number;
  covers: number;
  confirmed: number;
  seated: number;
  completed: number;
  noShow: number;
  cancelled: number;
  /** Live holds: diners mid-booking. */
  held: number;
}

export interface DayBook {
  restaurant: { id: string; slug: string; name: string; timezone: string; published: boolean };
  role: MemberRole;
  /** Whether this member may refund payments (owners and managers). */
  mayRefund: boolean;
  date: string;
  /** The server's now, so every client agrees on "now" for walk-ins and the timeline's marker. */
  now: string;
  /** The restaurant's local date today. */
  today: string;
  closed: { reason: string | null } | null;
  tables: BookTable[];
  seatings: BookSeating[];
  reservations: BookReservation[];
  counts: BookCounts;
  coversBySlot: BookSlotCovers[];
  /** The timeline's span and its hour marks, computed in the restaurant's zone (DST-safe). */
  timeline: { start: string; end: string; ticks: { at: string; label: string }[] };
  /** The day's waitlist in order of arrival, with each entry's offer. */
  waitlist: BookWaitlistEntry[];
  /** Ticketed experiences starting this day (not cancelled), shown as a band across the timeline. */
  experiences: BookExperience[];
  /** Large parties asking for a table this day, oldest first, with the booking each became. */
  partyRequests: BookPartyRequest[];
}

export interface BookExperience extends BookSpan {
  id: string;
  name: string;
  published: boolean;
  /** Regular tables are not offered while it runs. */
  closesRegularService: boolean;
  /** Held and confirmed seats, of the sections' capacity. */
  seatsTaken: number;
  capacity: number;
}

export interface BookPartyRequest extends Omit<PartyRequestView, "restaurantId" | "date" | "reservationId" | "createdAt"> {
  createdAt: string;
  /** The booking made when it was accepted. */
  booking: { code: string; tableLabel: string; localStart: string } | null;
}

export interface BookWaitlistEntry {
  id: string;
  partySize: number;
  /** The window of seating times the diner asked for, "HH:MM" local. */
  fromTime: string;
  toTime: string;
  email: string;
  phone: string | null;
  status: "waiting" | "offered" | "booked" | "lapsed" | "left" | "expired";
  createdAt: string;
  /** The hold made for the entry: its code, status, local start and when it lapses. */
  offer: { code: string; status: ReservationStatus; localStart: string; holdExpiresAt: string | null } | null;
}
