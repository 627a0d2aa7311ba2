import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import {
  email,
  localDate,
  partySizeQuery,
  requiredText,
  slug,
  uuid,
} from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { guestDetailsSchema, holdRequestSchema, memberBookingSchema, statusChangeSchema } from "@/lib/reservations/contract";
import { createExperienceSchema, holdSeatsSchema, listExperiencesQuery, updateExperienceSchema } from "@/lib/experiences/contract";
import { replySchema, reviewPatchSchema, reviewSchema, reviewsPage } from "@/lib/reviews/contract";
import {
  closureSchema,
  restaurantCreateSchema,
  restaurantPatchSchema,
  searchSchema,
  sessionCreateSchema,
  sessionPatchSchema,
  tableCreateSchema,
  tablePatchSchema,
} from "@/lib/restaurants/contract";
import { joinWaitlistSchema } from "@/lib/waitlist/contract";

/**
 * The zod schemas of the HTTP API, shared by the route handlers and the OpenAPI document.
 * Field names are the wire names (snake_case). Schemas that transform (instants → Date) document
 * their input shape in OpenAPI.
 */

// ── Shared pieces (lib/contract/common.ts) ──────────────────────────────────────────────────────

export { instant, localDate, localTime, partySize, partySizeQuery, slug, SLUG_PATTERN, timezone, uuid } from "@/lib/contract/common";
export { isIanaTimeZone } from "@/lib/contract/common";

// ── Path parameters (malformed → 404) ───────────────────────────────────────────────────────────

export const idParams = z.object({ id: uuid });
export const idOrSlugParams = z.object({ id: z.union([uuid, slug]) });
export const tableParams = z.object({ id: uuid, table_id: uuid });
export const sessionParams = z.object({ id: uuid, session_id: uuid });
export const closureParams = z.object({ id: uuid, closure_id: uuid });

// ── Accounts ────────────────────────────────────────────────────────────────────────────────────


export const registerBody = z.object({
  email,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, "At most 200 characters."),
  name: requiredText(120),
});

export const tokenBody = z.object({
  email,
  password: z.string().min(1, "Required.").max(200, "At most 200 characters."),
});

export const userResponse = z.object({ id: uuid, email: z.string(), name: z.string().nullable() });
export const registerResponse = z.object({ user: userResponse });
export const tokenResponse = z.object({
  token: z.string(),
  id: uuid.describe("The token's id, for listing and revoking it"),
  expires_at: z.string().describe("ISO-8601 instant"),
});
export const changePasswordBody = z.object({
  current_password: z.string().max(200, "At most 200 characters.").default(""),
  new_password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, "At most 200 characters."),
});
export const apiTokenSummary = z.object({
  id: uuid,
  created_at: z.string().describe("ISO-8601 instant"),
  expires_at: z.string().describe("ISO-8601 instant"),
  current: z.boolean().describe("True for the token this request was made with"),
});
export const apiTokenListResponse = z.object({ items: z.array(apiTokenSummary) });

// ── Restaurants ─────────────────────────────────────────────────────────────────────────────────

const policyResponseFields = {
  hold_minutes: z.number(),
  min_party_size: z.number(),
  max_party_size: z.number(),
  booking_window_days: z.number(),
  min_notice_minutes: z.number(),
  cancellation_cutoff_minutes: z.number(),
  anonymous_hold_share_pct: z.number(),
  currency: z.string(),
  deposit_cents: z.number(),
  deposit_min_party_size: z.number(),
  no_show_fee_cents: z.number(),
};

export const POLICY_DEFAULTS = {
  hold_minutes: 10,
  min_party_size: 1,
  max_party_size: 8,
  booking_window_days: 60,
  min_notice_minutes: 60,
  cancellation_cutoff_minutes: 120,
  anonymous_hold_share_pct: 25,
  currency: "EUR",
  deposit_cents: 0,
  deposit_min_party_size: 0,
  no_show_fee_cents: 0,
} as const;

export const policyResponse = z.object(policyResponseFields);

export const createRestaurantBody = snakeCaseBody(restaurantCreateSchema);
export const updateRestaurantBody = snakeCaseBody(restaurantPatchSchema);

/** An uploaded photo: `url` serves the image (JPEG, PNG or WebP, at most 2000 px a side); the first photo is the cover. */
export const photoResponse = z.object({ id: uuid, url: z.string(), alt: z.string(), width: z.number(), height: z.number() });

export const restaurantResponse = z.object({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  cuisine: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  description: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  price_band: z.number().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  photos: z.array(photoResponse),
  rating: z.object({ average: z.number().nullable(), count: z.number() }),
  published: z.boolean(),
  policy: policyResponse,
});

export const slotResponse = z.object({
  starts_at: z.string(),
  local_time: z.string(),
  available: z.boolean(),
  tables_left: z.number(),
});

export const searchQuery = snakeCaseBody(searchSchema);

export const searchResponse = z.object({
  items: z.array(
    restaurantResponse.extend({
      slots: z.array(slotResponse).optional(),
      /** With `near` or `place`: kilometres from there, to 10 m. */
      distance_km: z.number().optional(),
    }),
  ),
  next_page: z.number().nullable(),
  /** Where distances were measured from (`place`: the middle of its restaurants), or null. */
  origin: z.object({ lat: z.number(), lng: z.number(), place: z.string().nullable() }).nullable(),
});

// ── Floor ───────────────────────────────────────────────────────────────────────────────────────

export const tableBody = snakeCaseBody(tableCreateSchema);
export const tablePatchBody = snakeCaseBody(tablePatchSchema);

export const tableResponse = z.object({
  id: uuid,
  restaurant_id: uuid,
  label: z.string(),
  min_seats: z.number(),
  max_seats: z.number(),
  area: z.string().nullable(),
  online: z.boolean(),
  active: z.boolean(),
});

// ── Sessions ────────────────────────────────────────────────────────────────────────────────────

export const sessionBody = snakeCaseBody(sessionCreateSchema);
export const sessionPatchBody = snakeCaseBody(sessionPatchSchema);

export const sessionResponse = z.object({
  id: uuid,
  restaurant_id: uuid,
  name: z.string(),
  days: z.array(z.number()),
  first_seating: z.string(),
  last_seating: z.string(),
  interval_minutes: z.number(),
  turn_minutes: z.union([z.number(), z.array(z.object({ max_party_size: z.number(), minutes: z.number() }))]),
  max_covers_per_slot: z.number().nullable(),
});

// ── Closures ────────────────────────────────────────────────────────────────────────────────────

export const closureBody = snakeCaseBody(closureSchema);

export const closuresQuery = z.object({ from: localDate.optional() });

export const closureResponse = z.object({
  id: uuid,
  restaurant_id: uuid,
  start_date: z.string(),
  end_date: z.string(),
  reason: z.string().nullable(),
});

// ── Availability and reservations (routes by the booking engine; schemas shared here) ───────────

export const availabilityQuery = z.object({ date: localDate, party_size: partySizeQuery });

export const availabilityResponse = z.object({
  restaurant_id: uuid,
  date: z.string(),
  timezone: z.string(),
  party_size: z.number(),
  slots: z.array(slotResponse),
});

export const holdBody = snakeCaseBody(holdRequestSchema);

export const confirmBody = snakeCaseBody(guestDetailsSchema);

export const memberReservationBody = snakeCaseBody(memberBookingSchema);

export const statusPatchBody = statusChangeSchema;

export const reservationsQuery = z.object({ date: localDate });

export const reservationResponse = z.object({
  id: uuid,
  code: z.string(),
  status: z.enum(["held", "confirmed", "seated", "completed", "cancelled", "expired", "no_show"]),
  restaurant_id: uuid,
  starts_at: z.string(),
  ends_at: z.string(),
  party_size: z.number(),
  /** Null for seats at an experience. */
  table: z.object({ id: uuid, label: z.string() }).nullable(),
  /** Seats at an experience: which, and what the seats cost. */
  experience: z.object({ id: uuid, name: z.string(), section: z.object({ id: uuid, name: z.string() }) }).optional(),
  amount_cents: z.number().int().nullable().optional(),
  currency: z.string().nullable().optional(),
  hold_expires_at: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  special_requests: z.string().nullable(),
  occasion: z.string().nullable(),
  source: z.enum(["web", "owner", "api", "walk_in"]),
  created_at: z.string(),
  payment: z.object({
    status: z.enum(["none", "requires_action", "paid", "card_saved", "refunded", "partially_refunded", "forfeited", "charged", "failed"]),
    kind: z.enum(["deposit", "prepayment", "card_guarantee"]).nullable(),
    amount_cents: z.number().int(),
    currency: z.string().nullable(),
    refunded_cents: z.number().int(),
  }),
});

export const holdResponse = reservationResponse.extend({ manage_token: z.string() });

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

// ── Reviews ─────────────────────────────────────────────────────────────────────────────────────

export const reviewBody = snakeCaseBody(reviewSchema);
export const reviewPatchBody = reviewPatchSchema;
export const replyBody = replySchema;
export const reviewsQuery = z.object({ page: reviewsPage.default(1) });

export const reviewResponse = z.object({
  id: uuid,
  rating: z.number().int().min(1).max(5),
  text: z.string().nullable(),
  /** First name and initial. */
  author: z.string(),
  /** The visit's local date. */
  visited_on: z.string(),
  reply: z.object({ text: z.string(), replied_at: z.string() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const reviewsResponse = z.object({
  items: z.array(reviewResponse),
  rating: z.object({ average: z.number().nullable(), count: z.number() }),
  next_page: z.number().nullable(),
});

// ── Waitlist ────────────────────────────────────────────────────────────────────────────────────

export const waitlistBody = snakeCaseBody(joinWaitlistSchema);

export const waitlistResponse = z.object({
  id: uuid,
  status: z.enum(["waiting", "offered", "booked", "lapsed", "left", "expired"]),
  restaurant_id: uuid,
  date: z.string(),
  party_size: z.number(),
  from_time: z.string(),
  to_time: z.string(),
  created_at: z.string(),
});

export const waitlistJoinResponse = waitlistResponse.extend({ manage_token: z.string() });

// ── Experiences ─────────────────────────────────────────────────────────────────────────────────

export const seatHoldBody = snakeCaseBody(holdSeatsSchema);

/**
 * POST /api/v1/reservations takes a table hold or, with `experience_id` or `section_id`, a seat hold.
 * Chosen by those keys so each shape reports its own field errors, and a body naming a section
 * without its experience is refused rather than read as a table hold.
 */
export const anyHoldBody = z.unknown().transform((v, ctx) => {
  const seats = typeof v === "object" && v !== null && ("experience_id" in v || "section_id" in v);
  const result = seats ? seatHoldBody.safeParse(v) : holdBody.safeParse(v);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return seats
    ? { kind: "seats" as const, seats: result.data as z.output<typeof seatHoldBody> }
    : { kind: "table" as const, table: result.data as z.output<typeof holdBody> };
});

export const experienceBody = snakeCaseBody(createExperienceSchema);
export const experiencePatchBody = snakeCaseBody(updateExperienceSchema);
export const experiencesQuery = listExperiencesQuery;

export const experienceResponse = z.object({
  id: uuid,
  restaurant_id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  starts_at: z.string(),
  ends_at: z.string(),
  currency: z.string(),
  published: z.boolean(),
  closes_regular_service: z.boolean(),
  max_seats_per_booking: z.number().int(),
  cancelled_at: z.string().nullable(),
  sections: z.array(z.object({ id: uuid, name: z.string(), capacity: z.number().int(), price_cents: z.number().int(), seats_left: z.number().int() })),
});

