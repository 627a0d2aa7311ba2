import type { z } from "zod";
import type {
  closureBody,
  createRestaurantBody,
  sessionBody,
  sessionPatchBody,
  tableBody,
  tablePatchBody,
  updateRestaurantBody,
} from "@/lib/api/schemas";
import type { Policy, RestaurantInput, RestaurantPatch } from "@/lib/restaurants/restaurants";
import type { SessionInput, SessionPatch } from "@/lib/restaurants/sessions";
import type { TableInput, TablePatch } from "@/lib/restaurants/tables";
import type { ClosureInput } from "@/lib/restaurants/closures";

/** Wire bodies (snake_case, validated) → service inputs (camelCase). Absent stays absent, so PATCH is partial. */

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

type PolicyWire = NonNullable<z.output<typeof createRestaurantBody>["policy"]>;

function policyInput(p: PolicyWire | undefined): Partial<Policy> | undefined {
  if (!p) return undefined;
  return defined({
    holdMinutes: p.hold_minutes,
    minPartySize: p.min_party_size,
    maxPartySize: p.max_party_size,
    bookingWindowDays: p.booking_window_days,
    minNoticeMinutes: p.min_notice_minutes,
    cancellationCutoffMinutes: p.cancellation_cutoff_minutes,
    anonymousHoldSharePct: p.anonymous_hold_share_pct,
  });
}

export function restaurantInput(b: z.output<typeof createRestaurantBody>): RestaurantInput {
  return defined({
    name: b.name,
    slug: b.slug,
    timezone: b.timezone,
    cuisine: b.cuisine,
    city: b.city,
    address: b.address,
    description: b.description,
    priceBand: b.price_band,
    published: b.published,
    policy: policyInput(b.policy),
  });
}

export function restaurantPatch(b: z.output<typeof updateRestaurantBody>): RestaurantPatch {
  return defined({
    name: b.name,
    slug: b.slug,
    timezone: b.timezone,
    cuisine: b.cuisine,
    city: b.city,
    address: b.address,
    description: b.description,
    priceBand: b.price_band,
    published: b.published,
    policy: policyInput(b.policy),
  });
}

export function tableInput(b: z.output<typeof tableBody>): TableInput {
  return defined({ label: b.label, minSeats: b.min_seats, maxSeats: b.max_seats, area: b.area, online: b.online, active: b.active });
}

export function tablePatch(b: z.output<typeof tablePatchBody>): TablePatch {
  return defined({ label: b.label, minSeats: b.min_seats, maxSeats: b.max_seats, area: b.area, online: b.online, active: b.active });
}

export function sessionInput(b: z.output<typeof sessionBody>): SessionInput {
  return defined({
    name: b.name,
    days: b.days,
    firstSeating: b.first_seating,
    lastSeating: b.last_seating,
    intervalMinutes: b.interval_minutes,
    turnMinutes: b.turn_minutes,
    maxCoversPerSlot: b.max_covers_per_slot,
  });
}

export function sessionPatch(b: z.output<typeof sessionPatchBody>): SessionPatch {
  return defined({
    name: b.name,
    days: b.days,
    firstSeating: b.first_seating,
    lastSeating: b.last_seating,
    intervalMinutes: b.interval_minutes,
    turnMinutes: b.turn_minutes,
    maxCoversPerSlot: b.max_covers_per_slot,
  });
}

export function closureInput(b: z.output<typeof closureBody>): ClosureInput {
  return defined({ startDate: b.start_date, endDate: b.end_date, reason: b.reason });
}
