import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { systemClock, type Clock } from "@/lib/clock";
import { localDate, partySize, uuid } from "@/lib/contract/common";
import { notFound } from "@/lib/errors";
import { getMemberRole } from "@/lib/restaurants/access";
import { toAvailabilityInput, withoutBooking } from "./index";
import { loadDayContext } from "./load";
import { addDays, computeAvailability, localDateOf } from "./slots";

/** Days loaded per query: a few weeks covers almost every search in one round trip. */
export const NEXT_AVAILABLE_CHUNK_DAYS = 28;

export const nextAvailableSchema = z.object({
  restaurantId: uuid,
  /** The day that had nothing: the search starts the day after. */
  after: localDate,
  partySize,
});
export type NextAvailableInput = z.input<typeof nextAvailableSchema>;

export interface NextAvailable {
  /** The restaurant's local service date with a free seating for the party. */
  date: string;
  /** Its first free seating, "HH:MM" local. */
  firstTime: string;
}

/**
 * The first service date after `after`, within the booking window, with a seating free for the party,
 * or null. It runs the availability function the booking checks with over the days loaded in chunks
 * of NEXT_AVAILABLE_CHUNK_DAYS (one query each, so a 60-day window is at most three).
 *
 * `changing` is a booking the caller was already allowed to change (findNextChangeDate): the days are
 * seen as its change sees them (getAvailability's `changing`), its own table and covers free.
 */
export async function findNextAvailableDate(
  db: DbOrTx,
  raw: NextAvailableInput & { principal?: Principal | null; changing?: string },
  deps: { clock?: Clock } = {},
): Promise<NextAvailable | null> {
  const input = nextAvailableSchema.parse(raw);
  const now = (deps.clock ?? systemClock).now();
  let from = addDays(input.after, 1);
  let checkedPolicy = false;
  for (;;) {
    // Loaded without a known window first; the restaurant's own window bounds every later chunk.
    const to = addDays(from, NEXT_AVAILABLE_CHUNK_DAYS - 1);
    const ctx = await loadDayContext(db, input.restaurantId, from, to);
    if (!ctx) throw notFound("Restaurant");
    if (raw.changing) ctx.reservations = withoutBooking(ctx.reservations, raw.changing);
    const r = ctx.restaurant;
    if (!checkedPolicy) {
      if (!r.published) {
        const role = raw.principal ? await getMemberRole(db, r.id, raw.principal.userId) : null;
        if (!role) throw notFound("Restaurant");
      }
      if (input.partySize < r.minPartySize || input.partySize > r.maxPartySize) return null;
      checkedPolicy = true;
    }
    const today = localDateOf(now, r.timezone);
    const lastDate = addDays(today, r.bookingWindowDays);
    if (from < today) {
      // Nothing before today can be booked: start again from today, in the restaurant's zone.
      from = today;
      continue;
    }
    for (let date = from; date <= to && date <= lastDate; date = addDays(date, 1)) {
      const free = computeAvailability(toAvailabilityInput(ctx, date, input.partySize, now)).find((s) => s.available);
      if (free) return { date, firstTime: free.localTime };
    }
    if (to >= lastDate) return null;
    from = addDays(to, 1);
  }
}
