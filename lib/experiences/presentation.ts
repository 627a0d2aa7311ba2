import { DateTime } from "luxon";
import { minorDigits } from "@/lib/payments/money";

/**
 * What diners are told about an experience at a glance (restaurant page, its own page, search) and
 * its schema.org `Event`. Pure and client-safe: it takes the view the services return.
 */

export interface ExperienceFactsInput {
  startsAt: Date;
  endsAt: Date;
  currency: string;
  cancelledAt: Date | null;
  sections: { id: string; name: string; priceCents: number; seatsLeft: number }[];
}

export interface ExperienceFacts {
  /** The cheapest seat, in minor units (0 = free). */
  priceFromCents: number;
  /** Every section costs the same. */
  singlePrice: boolean;
  seatsLeft: number;
  soldOut: boolean;
  cancelled: boolean;
  /** Started (or over): no longer sold. */
  started: boolean;
}

export function experienceFacts(e: ExperienceFactsInput, now: Date = new Date()): ExperienceFacts {
  const prices = e.sections.map((s) => s.priceCents);
  const priceFromCents = prices.length ? Math.min(...prices) : 0;
  const seatsLeft = e.sections.reduce((n, s) => n + s.seatsLeft, 0);
  return {
    priceFromCents,
    singlePrice: prices.every((p) => p === priceFromCents),
    seatsLeft,
    soldOut: seatsLeft === 0,
    cancelled: e.cancelledAt !== null,
    started: e.startsAt.getTime() <= now.getTime(),
  };
}

/** The public path of an experience's page. */
export function experiencePath(restaurantSlug: string, experienceId: string): string {
  return `/r/${encodeURIComponent(restaurantSlug)}/experiences/${encodeURIComponent(experienceId)}`;
}

/** An instant as the restaurant's wall clock with its offset: `2026-12-08T19:00:00-05:00`. */
export function isoWithOffset(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;
}

/** Minor units as the decimal string schema.org wants for `price` ("185.00", "0", "3000" for JPY). */
export function decimalPrice(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  return (cents / 10 ** digits).toFixed(digits);
}

export interface EventPlace {
  name: string;
  url: string;
  address: string | null;
  city: string | null;
}

/**
 * The experience as a schema.org `Event` (one `Offer` per section, InStock or SoldOut). A cancelled
 * one stays described, as `EventCancelled`, so search engines drop it rather than keep a stale date.
 */
export function experienceJsonLd(
  e: ExperienceFactsInput & { name: string; description: string | null; timezone: string },
  place: EventPlace,
  url: string,
  now: Date = new Date(),
): Record<string, unknown> {
  const facts = experienceFacts(e, now);
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    "@id": url,
    name: e.name,
    description: e.description ?? undefined,
    url,
    startDate: isoWithOffset(e.startsAt, e.timezone),
    endDate: isoWithOffset(e.endsAt, e.timezone),
    eventStatus: facts.cancelled ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
    eventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
    location: {
      "@type": "Restaurant",
      name: place.name,
      url: place.url,
      address: place.address
        ? { "@type": "PostalAddress", streetAddress: place.address, addressLocality: place.city ?? undefined }
        : undefined,
    },
    organizer: { "@type": "Organization", name: place.name, url: place.url },
    offers: e.sections.map((s) => ({
      "@type": "Offer",
      name: s.name,
      url,
      price: decimalPrice(s.priceCents, e.currency),
      priceCurrency: e.currency,
      availability: s.seatsLeft > 0 && !facts.cancelled && !facts.started ? "https://schema.org/InStock" : "https://schema.org/SoldOut",
    })),
  };
}
