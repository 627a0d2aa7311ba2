/**
 * Guests as the workspace receives them: plain JSON, so client components share the types without
 * pulling in the database. Counts are computed from the reservations; tags, allergies and notes are
 * what staff wrote.
 */
import type { ReservationStatus } from "@/db/schema";
import type { GuestKey } from "./contract";

export interface GuestRow {
  key: GuestKey;
  /** The name on the latest booking that has one. */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Completed visits, and the guests they brought. */
  visits: number;
  covers: number;
  noShows: number;
  cancellations: number;
  /** Confirmed bookings still to come. */
  upcoming: number;
  /** Local service date of the latest completed visit. */
  lastVisit: string | null;
  tags: string[];
  allergies: string | null;
  notes: string | null;
}

export interface GuestHistoryItem {
  id: string;
  code: string;
  status: ReservationStatus;
  /** Local service date and start time. */
  date: string;
  localTime: string;
  partySize: number;
  table: string | null;
  occasion: string | null;
  specialRequests: string | null;
  name: string | null;
}

export interface GuestProfileView extends GuestRow {
  timezone: string;
  history: GuestHistoryItem[];
}

/** The guest behind one booking, for the book's dialog. */
export interface GuestSummary extends GuestRow {
  /** Which visit this booking is: earlier completed visits plus one. */
  visitNumber: number;
}
