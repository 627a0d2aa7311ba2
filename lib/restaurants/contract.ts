import { z } from "zod";
import { clearable, email, int, localDate, localTime, optionalText, partySizeQuery, queryText, requiredText, SEATS_MAX, slug, timezone } from "@/lib/contract/common";

/**
 * The restaurant workspace's contracts: settings (profile and booking policy), service sessions,
 * tables and closures. One schema each, camelCase, used by the services, by the owner actions and
 * by the HTTP API (both through the snake_case mapping in lib/contract/wire.ts). Client-safe.
 */

const nonEmpty = (b: object) => Object.values(b).some((v) => v !== undefined);
const NON_EMPTY = "Send at least one field to change.";

// ── Settings: booking policy ──────────────────────────────────────────────────────────────────────

/** Party-size limits of a policy and of turn-time rules: thresholds, wider than any one booking. */
const POLICY_PARTY_MAX = 1000;

export const policyFields = {
  holdMinutes: int(1, 60),
  minPartySize: int(1, POLICY_PARTY_MAX),
  maxPartySize: int(1, POLICY_PARTY_MAX),
  bookingWindowDays: int(1, 730),
  minNoticeMinutes: int(0, 43_200),
  /** Optional even in the whole policy: the settings page sets it with the deposit policy, in hours. */
  cancellationCutoffMinutes: int(0, 43_200).optional(),
  /** The share of fitting tables guests who are not signed in may hold at once, in per cent. */
  anonymousHoldSharePct: int(0, 100),
  /** ISO 4217 code of the amounts below (upper case). */
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "A three-letter currency code such as EUR.")
    .transform((c) => c.toUpperCase())
    .optional(),
  /** Deposit per cover in minor units (0 = none). */
  depositCents: int(0, 1_000_000).optional(),
  /** The deposit applies from this party size (0 or 1 = everyone). */
  depositMinPartySize: int(0, POLICY_PARTY_MAX).optional(),
  /** No-show fee per cover in minor units, charged to a card saved at booking (0 = none). */
  noShowFeeCents: int(0, 1_000_000).optional(),
};

const partyRangeOk = (p: { minPartySize?: number; maxPartySize?: number }) =>
  p.minPartySize === undefined || p.maxPartySize === undefined || p.maxPartySize >= p.minPartySize;
const partyRangeIssue = { message: "Must be at least the smallest party.", path: ["maxPartySize"] };

/** A partial policy: missing fields keep their current value (or the default on create). */
export const policySchema = z.strictObject(policyFields).partial().refine(partyRangeOk, partyRangeIssue);

/** The whole policy, as the settings form sends it. */
export const fullPolicySchema = z.strictObject(policyFields).refine(partyRangeOk, partyRangeIssue);

export type PolicyInput = z.output<typeof policySchema>;

// ── Settings: profile ─────────────────────────────────────────────────────────────────────────────

/** A link diners open: http(s) only, so a pasted `javascript:` never reaches a page. Absent or "" clears it. */
const webLink = clearable(
  z
    .string()
    .trim()
    .max(1000, "At most 1000 characters.")
    .pipe(z.url({ protocol: /^https?$/, error: "A full web address starting with https://." })),
);

/** The restaurant's phone for diners: digits with an optional leading +, spaces, dashes and brackets. */
const restaurantPhone = clearable(
  z
    .string()
    .trim()
    .max(40, "At most 40 characters.")
    .regex(/^\+?[0-9][0-9 ()\-.]{5,}$/, "A phone number such as +44 20 7946 0000."),
);

/** Where the map pin goes; typed or dropped on a map, since no geocoding service is reachable from here. */
export const location = z
  .strictObject({
    lat: z.number("A number from -90 to 90.").min(-90, "From -90 to 90.").max(90, "From -90 to 90."),
    lng: z.number("A number from -180 to 180.").min(-180, "From -180 to 180.").max(180, "From -180 to 180."),
  })
  .nullable();

/** What a photo shows, in words, for people who cannot see it: required for every photo. */
export const photoAlt = requiredText(200, { message: "Describe the photo for people who cannot see it." });

/** A change to one uploaded photo: where it goes in the order (0 = the cover) and what it shows. */
export const restaurantPhotoPatchSchema = z
  .strictObject({
    position: int(0, 1000).optional(),
    alt: photoAlt.optional(),
  })
  .refine(nonEmpty, NON_EMPTY);

/** What diners see of the restaurant beyond its name: how to reach it, where it is, what it looks like. */
export const restaurantFacesFields = {
  phone: restaurantPhone,
  website: webLink,
  menuUrl: webLink,
  location: location.optional(),
};

export const restaurantFacesSchema = z.strictObject(restaurantFacesFields).partial().refine(nonEmpty, NON_EMPTY);

const restaurantFields = {
  name: requiredText(120),
  /** Absent or "": derived from the name. */
  slug: z.union([z.literal("").transform(() => undefined), slug]).optional(),
  timezone,
  cuisine: optionalText(60),
  city: optionalText(80),
  address: optionalText(300),
  description: optionalText(4000, { multiline: true }),
  priceBand: int(1, 4).nullable().optional(),
  published: z.boolean().optional(),
  policy: policySchema.optional(),
  ...restaurantFacesFields,
};

/** Creating a restaurant: a name and a time zone; the slug is derived from the name when absent. */
export const restaurantCreateSchema = z.object(restaurantFields);

/** Changing a restaurant: any of the fields (the slug, once given, must be valid). */
export const restaurantPatchSchema = z
  .object({ ...restaurantFields, slug })
  .partial()
  .refine(nonEmpty, NON_EMPTY);

export type RestaurantCreate = z.output<typeof restaurantCreateSchema>;
export type RestaurantPatchInput = z.output<typeof restaurantPatchSchema>;

// ── Service sessions ──────────────────────────────────────────────────────────────────────────────

const turnMinutesValue = int(5, 720);

/** Minutes a table is kept per seating: one number, or rules by party size (sorted by max_party_size). */
export const turnMinutes = z.union([
  turnMinutesValue,
  z
    .array(z.strictObject({ max_party_size: int(1, POLICY_PARTY_MAX), minutes: turnMinutesValue }))
    .min(1, "At least one rule.")
    .max(20, "At most 20 rules.")
    .refine((rules) => new Set(rules.map((r) => r.max_party_size)).size === rules.length, "Each rule needs a different max_party_size.")
    .transform((rules) => [...rules].sort((a, b) => a.max_party_size - b.max_party_size)),
]);

const sessionFields = {
  name: requiredText(60),
  /** ISO weekdays, 1 (Monday) to 7 (Sunday). */
  days: z
    .array(int(1, 7))
    .min(1, "Choose at least one day.")
    .max(7, "At most 7 days.")
    .refine((d) => new Set(d).size === d.length, "Each day once.")
    .transform((d) => [...d].sort((a, b) => a - b)),
  firstSeating: localTime,
  /** Earlier than the first seating means past midnight. */
  lastSeating: localTime,
  intervalMinutes: int(5, 240).default(15),
  turnMinutes,
  maxCoversPerSlot: int(1, 10_000).nullable().optional(),
  /**
   * The session's own money policy, in the units of the restaurant's (minor units per cover, a party
   * size); null or absent takes the restaurant's value.
   */
  depositCents: int(0, 1_000_000).nullable().optional(),
  depositMinPartySize: int(0, POLICY_PARTY_MAX).nullable().optional(),
  noShowFeeCents: int(0, 1_000_000).nullable().optional(),
};

export const sessionCreateSchema = z.object(sessionFields);

/** The names a new session is offered: Dinner first (the usual first session, whose times the form starts with), then the rest of the day. */
export const SESSION_NAME_SUGGESTIONS = ["Dinner", "Breakfast", "Lunch", "Late"] as const;

/**
 * The name a new session starts with: the first of those no session has yet (case and spaces
 * ignored), or empty when all are taken, so a second "Dinner" is never suggested.
 */
export function suggestSessionName(existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.trim().toLowerCase()));
  return SESSION_NAME_SUGGESTIONS.find((n) => !taken.has(n.toLowerCase())) ?? "";
}

/**
 * Onboarding, from creating the restaurant to publishing it: the form and the checklist count the
 * same steps from this list ("Step 1 of 5").
 */
export const SETUP_STEPS = ["Create your restaurant", "Add your tables", "Add service sessions", "Review the booking policy", "Publish"] as const;
export const sessionPatchSchema = z
  .object({ ...sessionFields, intervalMinutes: int(5, 240) })
  .partial()
  .refine(nonEmpty, NON_EMPTY);

export type SessionCreate = z.output<typeof sessionCreateSchema>;
export type SessionPatchInput = z.output<typeof sessionPatchSchema>;

// ── Tables ────────────────────────────────────────────────────────────────────────────────────────

const seats = int(1, SEATS_MAX);
const seatsOk = (t: { minSeats?: number; maxSeats?: number }) => t.minSeats === undefined || t.maxSeats === undefined || t.maxSeats >= t.minSeats;
const seatsIssue = { message: "Must be at least the minimum.", path: ["maxSeats"] };

const tableFields = {
  label: requiredText(40),
  minSeats: seats,
  maxSeats: seats,
  area: optionalText(60),
  online: z.boolean().default(true),
  active: z.boolean().default(true),
};

export const tableCreateSchema = z.object(tableFields).refine(seatsOk, seatsIssue);
export const tablePatchSchema = z
  .object({ ...tableFields, online: z.boolean(), active: z.boolean() })
  .partial()
  .refine(nonEmpty, NON_EMPTY)
  .refine(seatsOk, seatsIssue);

// ── Closures ──────────────────────────────────────────────────────────────────────────────────────

export const closureSchema = z
  .object({ startDate: localDate, endDate: localDate, reason: optionalText(200) })
  .refine((c) => c.endDate >= c.startDate, { message: "Must be on or after the first day.", path: ["endDate"] });

// ── Staff ─────────────────────────────────────────────────────────────────────────────────────────

/** Roles a member can be given; an invite makes a manager or a host (ownership is handed over, not invited). */
export const memberRole = z.enum(["owner", "manager", "host"]);
export const inviteSchema = z.object({ email, role: z.enum(["manager", "host"], { message: "Choose manager or host." }) });
export const roleChangeSchema = z.object({ role: memberRole });

// ── Search (the API's query and the search page's URL) ────────────────────────────────────────────

/** The longest search terms; the search form's fields have the same limits. */
export const SEARCH_TERM_MAX = { q: 200, cuisine: 60, city: 80, place: 80 } as const;

/** The distances the search page offers; the API takes any radius from RADIUS_KM_MIN to RADIUS_KM_MAX. */
export const RADIUS_CHOICES_KM = [2, 5, 10, 25] as const;
export const RADIUS_KM_MIN = 0.1;
const RADIUS_KM_WIDEST_CHOICE = 25;
export const RADIUS_KM_MAX = 100;

/** The page's nearest offered radius for any other value: the smallest choice at least that wide, else the widest. */
export function snapRadiusKm(km: number): number {
  return RADIUS_CHOICES_KM.find((c) => c >= km) ?? RADIUS_KM_WIDEST_CHOICE;
}

export interface GeoPoint {
  lat: number;
  lng: number;
}

const NEAR_MESSAGE = "Must be latitude,longitude in degrees, such as 51.5072,-0.1276.";

/**
 * A point as a query string carries it: `lat,lng` in decimal degrees (latitude -90 to 90, longitude
 * -180 to 180). The browser's geolocation fills it; it is rounded to about 100 m before it is sent.
 */
export const nearPoint = z
  .string(NEAR_MESSAGE)
  .trim()
  .max(60, NEAR_MESSAGE)
  .regex(/^[-+]?\d{1,3}(\.\d+)?\s*,\s*[-+]?\d{1,3}(\.\d+)?$/, NEAR_MESSAGE)
  .transform((s) => {
    const [lat, lng] = s.split(",").map((part) => Number(part.trim())) as [number, number];
    return { lat, lng };
  })
  .refine((p) => p.lat >= -90 && p.lat <= 90, "Latitude must be from -90 to 90.")
  .refine((p) => p.lng >= -180 && p.lng <= 180, "Longitude must be from -180 to 180.");

/** `lat,lng` with 3 decimals (about 100 m): close enough to sort by, and no more precise than a search needs. */
export function formatNearPoint(p: GeoPoint): string {
  const round = (n: number) => String(Math.round(n * 1000) / 1000);
  return `${round(p.lat)},${round(p.lng)}`;
}

/** "1.2 km" (one decimal under 10 km, whole kilometres beyond). */
export function formatDistanceKm(km: number): string {
  if (km < 10) return `${(Math.round(km * 10) / 10).toFixed(1)} km`;
  return `${Math.round(km)} km`;
}

/** Search fields as a query string carries them (numbers arrive as text). */
export const searchFields = {
  q: queryText(SEARCH_TERM_MAX.q),
  cuisine: queryText(SEARCH_TERM_MAX.cuisine),
  city: queryText(SEARCH_TERM_MAX.city),
  date: localDate.optional(),
  time: localTime.optional(),
  partySize: partySizeQuery.optional(),
  /** Only restaurants whose average rating is at least this (restaurants without reviews are left out). */
  minRating: z.coerce.number("Must be a number from 1 to 5.").min(1, "At least 1.").max(5, "At most 5.").optional(),
  /**
   * `distance` (nearest first) needs `near` or `place`, and is the default with either. Default
   * otherwise: best text match.
   */
  sort: z.enum(["relevance", "rating", "distance"], "Must be relevance, rating or distance.").optional(),
  /** Searches around this point (`lat,lng`): each result with its distance, nearest first unless sorted otherwise. */
  near: nearPoint.optional(),
  /**
   * Or around a place we have restaurants in: a city of a published restaurant with a location
   * (case ignored), searched from the middle of its restaurants.
   */
  place: queryText(SEARCH_TERM_MAX.place),
  /** Only restaurants at most this far from `near` or `place`, in kilometres. */
  radiusKm: z.coerce
    .number("Must be a number of kilometres.")
    .min(RADIUS_KM_MIN, `At least ${RADIUS_KM_MIN}.`)
    .max(RADIUS_KM_MAX, `At most ${RADIUS_KM_MAX}.`)
    .optional(),
  /** Only restaurants whose price band (1 to 4, € to €€€€) is at most this; those without one are left out. */
  maxPriceBand: z.coerce.number("Must be a whole number from 1 to 4.").int("Must be a whole number from 1 to 4.").min(1, "At least 1.").max(4, "At most 4.").optional(),
  /** `true`: only restaurants with an upcoming published experience (a ticketed evening sold by the seat). */
  experiences: z
    .enum(["true", "false"], "Must be true or false.")
    .transform((v) => v === "true")
    .optional(),
  page: z.coerce.number().int("Must be a whole number.").min(1, "At least 1.").max(1000, "At most 1000.").default(1),
};

const WHEN = ["date", "time", "partySize"] as const;

/** A search looks for free tables only with a date, a time and a party size: all three, or none. */
export function availabilityTerms(q: { date?: string; time?: string; partySize?: number }): "none" | "some" | "all" {
  const given = WHEN.filter((k) => q[k] !== undefined).length;
  return given === 0 ? "none" : given === WHEN.length ? "all" : "some";
}

/** Where a search measures distance from: none, a point, or a place's name. */
export function searchOrigin(q: { near?: GeoPoint; place?: string }): "none" | "near" | "place" | "both" {
  if (q.near && q.place) return "both";
  return q.near ? "near" : q.place ? "place" : "none";
}

/** The API's search query: anything the contract refuses is a 400 naming the field. */
export const searchSchema = z.object(searchFields).superRefine((q, ctx) => {
  const origin = searchOrigin(q);
  if (origin === "both") ctx.addIssue({ code: "custom", path: ["place"], message: "Give near or place, not both." });
  if (origin === "none") {
    if (q.radiusKm !== undefined) ctx.addIssue({ code: "custom", path: ["radiusKm"], message: "radius_km needs near or place." });
    if (q.sort === "distance") ctx.addIssue({ code: "custom", path: ["sort"], message: "sort=distance needs near or place." });
  }
  if (availabilityTerms(q) !== "some") return;
  for (const k of WHEN) {
    if (q[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: "date, time and party_size go together." });
  }
});

export type SearchTerms = z.output<typeof searchSchema>;

const cut = (max: number) => z.string().optional().transform((v) => v?.slice(0, max));

/**
 * The search page reads the same fields from its URL but never refuses a link: terms too long are
 * cut to the limit, any other value the contract refuses is ignored, and a partial date, time and
 * party is explained on the page (availabilityTerms) rather than refused.
 */
export const searchPageSchema = z.object({
  q: cut(SEARCH_TERM_MAX.q).pipe(searchFields.q).catch(undefined),
  cuisine: cut(SEARCH_TERM_MAX.cuisine).pipe(searchFields.cuisine).catch(undefined),
  city: cut(SEARCH_TERM_MAX.city).pipe(searchFields.city).catch(undefined),
  date: searchFields.date.catch(undefined),
  time: searchFields.time.catch(undefined),
  partySize: searchFields.partySize.catch(undefined),
  minRating: searchFields.minRating.catch(undefined),
  sort: searchFields.sort.catch(undefined),
  experiences: searchFields.experiences.catch(undefined),
  // Location terms the page cannot use are corrected or dropped by the page, with a note (searchPageLocation).
  near: z.string().optional(),
  place: cut(SEARCH_TERM_MAX.place).pipe(searchFields.place).catch(undefined),
  radiusKm: z.string().optional(),
  maxPriceBand: searchFields.maxPriceBand.catch(undefined),
  page: searchFields.page.catch(1),
});

/**
 * The search page's reading of its location terms: a point it cannot read is dropped, a radius it
 * does not offer becomes the nearest it does, and a radius or a distance sort without a place is
 * set aside; each correction comes with a sentence for the page.
 */
export function searchPageLocation(raw: { near?: string; place?: string; radiusKm?: string; sort?: SearchTerms["sort"] }): {
  near?: GeoPoint;
  place?: string;
  radiusKm?: number;
  sort?: SearchTerms["sort"];
  notes: string[];
} {
  const notes: string[] = [];
  let near: GeoPoint | undefined;
  if (raw.near !== undefined) {
    const parsed = nearPoint.safeParse(raw.near);
    if (parsed.success) near = parsed.data;
    else notes.push("We could not read that location, so the results are not sorted by distance. Use Near me again, or type a place.");
  }
  // A place typed after using Near me replaces the location (the form clears it; an old link may not).
  const place = raw.place;
  if (place) near = undefined;
  let radiusKm: number | undefined;
  if (raw.radiusKm !== undefined) {
    const km = Number(raw.radiusKm);
    if (!Number.isFinite(km) || km <= 0) {
      notes.push(`"${raw.radiusKm.slice(0, 20)}" is not a distance we can search within, so we searched at any distance.`);
    } else {
      radiusKm = snapRadiusKm(km);
      if (radiusKm !== km) notes.push(`We searched within ${radiusKm} km: the distances offered are ${RADIUS_CHOICES_KM.join(", ")} km.`);
    }
  }
  let sort = raw.sort;
  if (!near && !place) {
    if (radiusKm !== undefined || sort === "distance") {
      notes.push("To sort by distance or search within a distance, type a place or use Near me.");
    }
    radiusKm = undefined;
    if (sort === "distance") sort = undefined;
  } else if (!sort) {
    sort = "distance";
  }
  return { near, place, radiusKm, sort, notes };
}
