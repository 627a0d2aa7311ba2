import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import {
  email,
  instant,
  int,
  localDate,
  localTime,
  optionalEmail,
  optionalText,
  partySize,
  partySizeQuery,
  phone,
  queryText,
  requiredText,
  SEATS_MAX,
  slug,
  timezone,
  uuid,
} from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { guestDetailsSchema, holdRequestSchema } from "@/lib/reservations/contract";
import { replySchema, reviewPatchSchema, reviewSchema, reviewsPage } from "@/lib/reviews/contract";

/**
 * The zod schemas of the HTTP API (API.md), shared by the route handlers and the OpenAPI document.
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

const policyFields = {
  hold_minutes: z.number().int().min(1, "At least 1.").max(60, "At most 60."),
  min_party_size: z.number().int().min(1, "At least 1.").max(1000, "At most 1000."),
  max_party_size: z.number().int().min(1, "At least 1.").max(1000, "At most 1000."),
  booking_window_days: z.number().int().min(1, "At least 1.").max(730, "At most 730."),
  min_notice_minutes: z.number().int().min(0, "At least 0.").max(43_200, "At most 43200 (30 days)."),
  cancellation_cutoff_minutes: z.number().int().min(0, "At least 0.").max(43_200, "At most 43200 (30 days)."),
  anonymous_hold_share_pct: z.number().int().min(0, "At least 0.").max(100, "At most 100."),
};

export const POLICY_DEFAULTS = {
  hold_minutes: 10,
  min_party_size: 1,
  max_party_size: 8,
  booking_window_days: 60,
  min_notice_minutes: 60,
  cancellation_cutoff_minutes: 120,
  anonymous_hold_share_pct: 25,
} as const;

const partyRangeOk = (p: { min_party_size?: number; max_party_size?: number }) =>
  p.min_party_size === undefined || p.max_party_size === undefined || p.max_party_size >= p.min_party_size;
const partyRangeIssue = { message: "Must be at least min_party_size.", path: ["max_party_size"] };

/** A partial policy: missing fields keep their current value (or the default on create). */
export const policyBody = z.object(policyFields).partial().strict().refine(partyRangeOk, partyRangeIssue);

export const policyResponse = z.object(policyFields);

const restaurantFields = {
  name: requiredText(120),
  slug: slug.optional(),
  timezone,
  cuisine: optionalText(60),
  city: optionalText(80),
  address: optionalText(300),
  description: optionalText(4000, { multiline: true }),
  price_band: z.number().int().min(1, "1 to 4.").max(4, "1 to 4.").nullable().optional(),
  published: z.boolean().optional(),
  policy: policyBody.optional(),
};

export const createRestaurantBody = z.object(restaurantFields);
export const updateRestaurantBody = z
  .object({ ...restaurantFields, slug: slug })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change.");

export const restaurantResponse = z.object({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  cuisine: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  description: z.string().nullable(),
  price_band: z.number().nullable(),
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

export const searchQuery = z
  .object({
    q: queryText(200),
    cuisine: queryText(60),
    city: queryText(80),
    date: localDate.optional(),
    time: localTime.optional(),
    party_size: partySizeQuery.optional(),
    /** Only restaurants whose average rating is at least this (restaurants without reviews are left out). */
    min_rating: z.coerce.number("Must be a number from 1 to 5.").min(1, "At least 1.").max(5, "At most 5.").optional(),
    sort: z.enum(["relevance", "rating"], "Must be relevance or rating.").optional(),
    page: z.coerce.number().int("Must be a whole number.").min(1, "At least 1.").max(1000, "At most 1000.").default(1),
  })
  .superRefine((q, ctx) => {
    const given = [q.date, q.time, q.party_size].filter((v) => v !== undefined).length;
    if (given !== 0 && given !== 3) {
      for (const k of ["date", "time", "party_size"] as const) {
        if (q[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: "date, time and party_size go together." });
      }
    }
  });

export const searchResponse = z.object({
  items: z.array(restaurantResponse.extend({ slots: z.array(slotResponse).optional() })),
  next_page: z.number().nullable(),
});

// ── Floor ───────────────────────────────────────────────────────────────────────────────────────

const seats = int(1, SEATS_MAX);
const seatsOk = (t: { min_seats?: number; max_seats?: number }) =>
  t.min_seats === undefined || t.max_seats === undefined || t.max_seats >= t.min_seats;
const seatsIssue = { message: "Must be at least min_seats.", path: ["max_seats"] };

const tableFields = {
  label: requiredText(40),
  min_seats: seats,
  max_seats: seats,
  area: optionalText(60),
  online: z.boolean().default(true),
  active: z.boolean().default(true),
};

export const tableBody = z.object(tableFields).refine(seatsOk, seatsIssue);
export const tablePatchBody = z
  .object({ ...tableFields, online: z.boolean(), active: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change.")
  .refine(seatsOk, seatsIssue);

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

const turnMinutesValue = z.number().int("Must be a whole number.").min(5, "At least 5.").max(720, "At most 720.");
export const turnMinutes = z.union([
  turnMinutesValue,
  z
    .array(z.object({ max_party_size: z.number().int().min(1, "At least 1.").max(1000, "At most 1000."), minutes: turnMinutesValue }).strict())
    .min(1, "At least one rule.")
    .max(20, "At most 20 rules.")
    .refine(
      (rules) => new Set(rules.map((r) => r.max_party_size)).size === rules.length,
      "Each rule needs a different max_party_size.",
    )
    .transform((rules) => [...rules].sort((a, b) => a.max_party_size - b.max_party_size)),
]);

const sessionFields = {
  name: requiredText(60),
  days: z
    .array(z.number().int("Must be a whole number.").min(1, "1 (Monday) to 7 (Sunday).").max(7, "1 (Monday) to 7 (Sunday)."))
    .min(1, "At least one day.")
    .max(7, "At most 7 days.")
    .refine((d) => new Set(d).size === d.length, "Each day once.")
    .transform((d) => [...d].sort((a, b) => a - b)),
  first_seating: localTime,
  last_seating: localTime,
  interval_minutes: z.number().int("Must be a whole number.").min(5, "At least 5.").max(240, "At most 240.").default(15),
  turn_minutes: turnMinutes,
  max_covers_per_slot: z.number().int("Must be a whole number.").min(1, "At least 1.").max(10_000).nullable().optional(),
};

export const sessionBody = z.object(sessionFields);
export const sessionPatchBody = z
  .object({ ...sessionFields, interval_minutes: sessionFields.interval_minutes.unwrap() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change.");

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

export const closureBody = z
  .object({ start_date: localDate, end_date: localDate, reason: optionalText(200) })
  .refine((c) => c.end_date >= c.start_date, { message: "Must be on or after start_date.", path: ["end_date"] });

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

export const memberReservationBody = z.object({
  starts_at: instant,
  party_size: partySize,
  name: requiredText(120),
  phone,
  email: optionalEmail,
  table_id: uuid.optional(),
  status: z.enum(["confirmed", "seated"]).default("confirmed"),
  special_requests: optionalText(1000, { multiline: true }),
  notes: optionalText(1000, { multiline: true }),
});

export const statusPatchBody = z.object({ status: z.enum(["seated", "completed", "no_show"]) });

export const reservationsQuery = z.object({ date: localDate });

export const reservationResponse = z.object({
  id: uuid,
  code: z.string(),
  status: z.enum(["held", "confirmed", "seated", "completed", "cancelled", "expired", "no_show"]),
  restaurant_id: uuid,
  starts_at: z.string(),
  ends_at: z.string(),
  party_size: z.number(),
  table: z.object({ id: uuid, label: z.string() }),
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
