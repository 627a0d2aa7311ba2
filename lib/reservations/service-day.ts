import { DateTime } from "luxon";
import { localDateOf } from "@/lib/availability/slots";
import { DomainError } from "@/lib/errors";

/**
 * The service day rolls over at this local hour: until then, last night's bookings (a late dinner
 * running past midnight) are still the book that is on.
 */
export const SERVICE_DAY_ROLLOVER_HOUR = 6;

/** The local dates whose bookings are in service now: today, and yesterday until the rollover hour. */
export function serviceDatesAt(now: Date, timezone: string): string[] {
  const today = localDateOf(now, timezone);
  const local = DateTime.fromJSDate(now, { zone: timezone });
  return local.hour < SERVICE_DAY_ROLLOVER_HOUR ? [local.minus({ days: 1 }).toISODate()!, today] : [today];
}

function dayWords(date: string): string {
  return DateTime.fromISO(date).toFormat("cccc d LLLL yyyy");
}

/**
 * Which service a staff status change may touch, the same for the day book and the API: only a
 * booking of the service that is on can be seated, and a booking of a later day cannot be a no-show
 * yet. Finishing is always allowed (a table left seated overnight can still be closed).
 */
export function assertStatusFitsServiceDay(
  status: "seated" | "completed" | "no_show",
  booking: { serviceDate: string; timezone: string },
  now: Date,
): void {
  if (status === "completed") return;
  const onNow = serviceDatesAt(now, booking.timezone);
  if (status === "seated" && !onNow.includes(booking.serviceDate)) {
    throw new DomainError("outside_policy", `Only today's bookings can be seated: this one is for ${dayWords(booking.serviceDate)}.`, {
      details: { service_date: booking.serviceDate },
    });
  }
  if (status === "no_show" && booking.serviceDate > onNow.at(-1)!) {
    throw new DomainError("outside_policy", `A booking for ${dayWords(booking.serviceDate)} cannot be a no-show yet.`, {
      details: { service_date: booking.serviceDate },
    });
  }
}
