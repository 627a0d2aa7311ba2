import type { AvailabilityView } from "@/lib/availability";
import type { ExperienceView } from "@/lib/experiences/experiences";
import type { Closure, DiningTable, Restaurant, RestaurantPhoto, ServiceSession } from "@/db/schema";
import { appUrl } from "@/lib/env";
import type { PaymentView } from "@/lib/payments/view";
import type { ReservationView } from "@/lib/reservations/view";
import { averageOf } from "@/lib/reviews/contract";
import type { ReviewView } from "@/lib/reviews/reviews";
import { hhmm } from "@/lib/contract/common";

/** Domain rows → the API's snake_case shapes. Routes return these; nothing else renames. */

/** ISO-8601 UTC with `Z`; whole seconds drop the `.000` (`2026-12-04T00:30:00Z`). */
export function isoInstant(d: Date): string;
export function isoInstant(d: Date | null): string | null;
export function isoInstant(d: Date | null): string | null {
  if (!d) return null;
  return d.toISOString().replace(".000Z", "Z");
}

/** A day's slots, as the availability route answers and the change picker reads them. */
export function toAvailabilityWire(day: AvailabilityView) {
  return {
    restaurant_id: day.restaurantId,
    date: day.date,
    timezone: day.timezone,
    party_size: day.partySize,
    slots: day.slots.map((s) => ({
      starts_at: isoInstant(s.startsAt),
      local_time: s.localTime,
      available: s.available,
      tables_left: s.tablesLeft,
    })),
  };
}

export function serializePolicy(r: Restaurant) {
  return {
    hold_minutes: r.holdMinutes,
    min_party_size: r.minPartySize,
    max_party_size: r.maxPartySize,
    booking_window_days: r.bookingWindowDays,
    min_notice_minutes: r.minNoticeMinutes,
    cancellation_cutoff_minutes: r.cancellationCutoffMinutes,
    anonymous_hold_share_pct: r.anonymousHoldSharePct,
    currency: r.currency,
    deposit_cents: r.depositCents,
    deposit_min_party_size: r.depositMinPartySize,
    no_show_fee_cents: r.noShowFeeCents,
  };
}

/** A photo with its absolute address, for clients elsewhere. */
export function serializePhoto(p: RestaurantPhoto) {
  return { id: p.id, url: new URL(p.url, appUrl()).toString(), alt: p.alt, width: p.width, height: p.height };
}

export function serializeRestaurant(r: Restaurant, photos: readonly RestaurantPhoto[]) {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    timezone: r.timezone,
    cuisine: r.cuisine,
    city: r.city,
    address: r.address,
    description: r.description,
    phone: r.phone,
    website: r.website,
    price_band: r.priceBand,
    location: r.latitude !== null && r.longitude !== null ? { lat: r.latitude, lng: r.longitude } : null,
    photos: photos.map(serializePhoto),
    rating: { average: averageOf(r.ratingSum, r.ratingCount), count: r.ratingCount },
    published: r.published,
    policy: serializePolicy(r),
  };
}

export function serializeTable(t: DiningTable) {
  return {
    id: t.id,
    restaurant_id: t.restaurantId,
    label: t.label,
    min_seats: t.minSeats,
    max_seats: t.maxSeats,
    area: t.area,
    online: t.online,
    active: t.active,
  };
}

export function serializeSession(s: ServiceSession) {
  return {
    id: s.id,
    restaurant_id: s.restaurantId,
    name: s.name,
    days: s.days,
    first_seating: hhmm(s.firstSeating),
    last_seating: hhmm(s.lastSeating),
    interval_minutes: s.intervalMinutes,
    turn_minutes: s.turnMinutes,
    max_covers_per_slot: s.maxCoversPerSlot,
    deposit_cents: s.depositCents,
    deposit_min_party_size: s.depositMinPartySize,
    no_show_fee_cents: s.noShowFeeCents,
  };
}

export function serializeClosure(c: Closure) {
  return {
    id: c.id,
    restaurant_id: c.restaurantId,
    start_date: c.startDate,
    end_date: c.endDate,
    reason: c.reason,
  };
}

export function serializeUser(u: { id: string; email: string; name: string | null }) {
  return { id: u.id, email: u.email, name: u.name };
}

export function serializePayment(p: PaymentView) {
  return { status: p.status, kind: p.kind, amount_cents: p.amountCents, currency: p.currency, refunded_cents: p.refundedCents };
}

/** A reservation as the API shows it (staff notes and internal fields stay out). */
export function serializeReservation(v: ReservationView) {
  return {
    id: v.id,
    code: v.code,
    status: v.status,
    restaurant_id: v.restaurantId,
    starts_at: isoInstant(v.startsAt),
    ends_at: isoInstant(v.endsAt),
    party_size: v.partySize,
    table: v.table ? { id: v.table.id, label: v.table.label } : null,
    // A seat booking at an experience says which, and what its seats cost.
    ...(v.experience ? { experience: v.experience, amount_cents: v.amountCents, currency: v.currency } : {}),
    hold_expires_at: isoInstant(v.holdExpiresAt),
    name: v.name,
    email: v.email,
    phone: v.phone,
    special_requests: v.specialRequests,
    occasion: v.occasion,
    source: v.source,
    created_at: isoInstant(v.createdAt),
    payment: serializePayment(v.payment),
  };
}

export function serializeReview(r: ReviewView) {
  return {
    id: r.id,
    rating: r.rating,
    text: r.text,
    author: r.author,
    visited_on: r.visitedOn,
    reply: r.reply ? { text: r.reply.text, replied_at: isoInstant(r.reply.repliedAt) } : null,
    created_at: isoInstant(r.createdAt),
    updated_at: isoInstant(r.updatedAt),
  };
}

export function serializeExperience(e: ExperienceView) {
  return {
    id: e.id,
    restaurant_id: e.restaurantId,
    name: e.name,
    description: e.description,
    starts_at: isoInstant(e.startsAt),
    ends_at: isoInstant(e.endsAt),
    currency: e.currency,
    published: e.published,
    closes_regular_service: e.closesRegularService,
    max_seats_per_booking: e.maxSeatsPerBooking,
    cancelled_at: e.cancelledAt ? isoInstant(e.cancelledAt) : null,
    sections: e.sections.map((s) => ({ id: s.id, name: s.name, capacity: s.capacity, price_cents: s.priceCents, seats_left: s.seatsLeft })),
  };
}
