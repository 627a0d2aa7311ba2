import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** tstzrange, which drizzle has no column type for. Read as the raw range literal. */
const tstzrange = customType<{ data: string; driverData: string }>({
  dataType: () => "tstzrange",
});

const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => "tsvector",
});

/** bytea: postgres.js reads and writes it as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

// ── Accounts (Auth.js tables plus a password hash) ──────────────────────────────────────────────

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name"),
    email: text("email").notNull(),
    emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
    image: text("image"),
    passwordHash: text("password_hash"),
    /**
     * Embedded in every session cookie and API token when issued; signing out, changing the password
     * or losing the account to its address's owner bumps it, and everything issued before stops working.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

/** API bearer tokens, so their owner can list and revoke them (the token itself is a signed JWT naming the row). */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId, t.createdAt)],
);

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_idx").on(t.userId)],
);

/** Auth.js database sessions (unused with JWT sessions, kept so the adapter is complete). */
export const authSessions = pgTable("auth_sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ── Restaurants and staff ───────────────────────────────────────────────────────────────────────

export const restaurants = pgTable(
  "restaurants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull(),
    cuisine: text("cuisine"),
    city: text("city"),
    address: text("address"),
    description: text("description"),
    priceBand: smallint("price_band"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    /** As the owner typed it, with the country code; shown as a tel: link wherever diners are told to call. */
    phone: text("phone"),
    website: text("website"),
    menuUrl: text("menu_url"),
    published: boolean("published").notNull().default(false),
    holdMinutes: integer("hold_minutes").notNull().default(10),
    minPartySize: integer("min_party_size").notNull().default(1),
    maxPartySize: integer("max_party_size").notNull().default(8),
    bookingWindowDays: integer("booking_window_days").notNull().default(60),
    minNoticeMinutes: integer("min_notice_minutes").notNull().default(60),
    cancellationCutoffMinutes: integer("cancellation_cutoff_minutes").notNull().default(120),
    reminderLeadMinutes: integer("reminder_lead_minutes").notNull().default(1440),
    /**
     * The share (percent) of a service's tables that diners who are not signed in may hold at once,
     * so that no anonymous client, however many addresses it fakes, can hold an evening. 100 = no cap.
     */
    anonymousHoldSharePct: smallint("anonymous_hold_share_pct").notNull().default(25),
    /** ISO 4217 code (upper case) of every amount the restaurant asks for. */
    currency: text("currency").notNull().default("EUR"),
    /** Deposit per cover in minor units, taken at booking; 0 = no deposit. */
    depositCents: integer("deposit_cents").notNull().default(0),
    /** The deposit applies to parties of at least this size (0 or 1 = everyone). */
    depositMinPartySize: integer("deposit_min_party_size").notNull().default(0),
    /** No-show fee per cover in minor units; a card is saved at booking when it is above 0 (and no deposit applies). */
    noShowFeeCents: integer("no_show_fee_cents").notNull().default(0),
    /**
     * Running totals of the restaurant's reviews, kept in the same transaction as every review write
     * (incremented under the row lock, so concurrent reviews never lose a count): search filters and
     * sorts on them without reading the reviews.
     */
    ratingCount: integer("rating_count").notNull().default(0),
    ratingSum: integer("rating_sum").notNull().default(0),
    /**
     * What text search matches, accents and case ignored ("kowhai" finds Kōwhai), stored so a search
     * reads it instead of computing it for every matching row (tk_unaccent: migration 0005).
     */
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`to_tsvector('simple', tk_unaccent(coalesce(name, '') || ' ' || coalesce(cuisine, '') || ' ' || coalesce(city, '') || ' ' || coalesce(description, '')))`,
    ),
    /**
     * The name without accents, stored for the fuzzy name match and its ranking (trigram-indexed by
     * hand in the migration that adds it), so a search does not unaccent every restaurant's name.
     */
    searchName: text("search_name").generatedAlwaysAs(sql`tk_unaccent(name)`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("restaurants_slug_key").on(t.slug),
    index("restaurants_published_city_idx").on(t.published, t.city),
    index("restaurants_published_cuisine_idx").on(t.published, t.cuisine),
    index("restaurants_search_idx").using("gin", t.searchVector),
    check("restaurants_hold_minutes_check", sql`${t.holdMinutes} between 1 and 60`),
    check("restaurants_party_size_check", sql`${t.minPartySize} >= 1 and ${t.maxPartySize} >= ${t.minPartySize}`),
    check("restaurants_anonymous_hold_share_check", sql`${t.anonymousHoldSharePct} between 0 and 100`),
    check("restaurants_price_band_check", sql`${t.priceBand} is null or ${t.priceBand} between 1 and 4`),
    check("restaurants_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "restaurants_payment_policy_check",
      sql`${t.depositCents} >= 0 and ${t.noShowFeeCents} >= 0 and ${t.depositMinPartySize} >= 0`,
    ),
  ],
);

/**
 * Photos the restaurant's team uploaded, stored here rather than on a file system so every server
 * serves them alike. `bytes` is the upload made upright, stripped of its metadata (camera, place) and
 * no larger than 2000 px a side, in the format it came in; the image optimiser makes the smaller sizes
 * from it. Ordered by `position`: the first stands for the restaurant on cards and in link previews.
 */
export const restaurantPhotos = pgTable(
  "restaurant_photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    alt: text("alt").notNull(),
    contentType: text("content_type").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: bytea("bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("restaurant_photos_restaurant_position_idx").on(t.restaurantId, t.position),
    check("restaurant_photos_content_type_check", sql`${t.contentType} in ('image/jpeg', 'image/png', 'image/webp')`),
    check("restaurant_photos_alt_check", sql`length(btrim(${t.alt})) between 1 and 200`),
  ],
);

export const memberRole = pgEnum("member_role", ["owner", "manager", "host"]);

export const restaurantMembers = pgTable(
  "restaurant_members",
  {
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.restaurantId, t.userId] }), index("restaurant_members_user_idx").on(t.userId)],
);

export const restaurantInvites = pgTable(
  "restaurant_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: memberRole("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    /**
     * Which link of this invite works: each resend bumps it, and the token (derived from the invite's
     * id and this number) changes with it, so only the newest emailed link joins.
     */
    revision: integer("revision").notNull().default(0),
    /** When the current link was issued; it works for a week from then. */
    issuedAt: timestamp("issued_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("restaurant_invites_token_key").on(t.tokenHash),
    index("restaurant_invites_email_idx").on(sql`lower(${t.email})`),
  ],
);

// ── Floor and rules ─────────────────────────────────────────────────────────────────────────────

export const diningTables = pgTable(
  "dining_tables",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    area: text("area"),
    minSeats: integer("min_seats").notNull(),
    maxSeats: integer("max_seats").notNull(),
    online: boolean("online").notNull().default(true),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("dining_tables_restaurant_label_key").on(t.restaurantId, t.label),
    check("dining_tables_seats_check", sql`${t.minSeats} >= 1 and ${t.maxSeats} >= ${t.minSeats}`),
  ],
);

/** Turn time: minutes for every party, or rules by the largest party each applies to. */
export type TurnMinutes = number | { max_party_size: number; minutes: number }[];

export const serviceSessions = pgTable(
  "service_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** ISO weekdays 1 (Monday) to 7 (Sunday) on which the session's first seating falls. */
    days: smallint("days").array().notNull(),
    firstSeating: time("first_seating").notNull(),
    /** Earlier than first_seating means the session runs past midnight. */
    lastSeating: time("last_seating").notNull(),
    intervalMinutes: integer("interval_minutes").notNull().default(15),
    turnMinutes: jsonb("turn_minutes").$type<TurnMinutes>().notNull(),
    maxCoversPerSlot: integer("max_covers_per_slot"),
    /**
     * This session's own money policy (a Saturday dinner with a deposit, a quiet lunch without): each
     * null field takes the restaurant's value. Same units as the restaurant's policy.
     */
    depositCents: integer("deposit_cents"),
    depositMinPartySize: integer("deposit_min_party_size"),
    noShowFeeCents: integer("no_show_fee_cents"),
    createdAt: createdAt(),
  },
  (t) => [
    index("service_sessions_restaurant_idx").on(t.restaurantId),
    check("service_sessions_interval_check", sql`${t.intervalMinutes} between 5 and 240`),
  ],
);

export const closures = pgTable(
  "closures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("closures_restaurant_dates_idx").on(t.restaurantId, t.startDate, t.endDate),
    check("closures_dates_check", sql`${t.endDate} >= ${t.startDate}`),
  ],
);

// ── Experiences (ticketed seatings) ─────────────────────────────────────────────────────────────

/**
 * A dated, ticketed evening at a restaurant (tasting menu, wine dinner, class), sold by seats in
 * sections. Its bookings are reservations with experience_id and section_id and no table.
 */
export const experiences = pgTable(
  "experiences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    startsAt: timestamp("starts_at", { withTimezone: true, mode: "date" }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true, mode: "date" }).notNull(),
    /** The restaurant's local date it starts on. */
    serviceDate: date("service_date", { mode: "string" }).notNull(),
    currency: text("currency").notNull(),
    maxSeatsPerBooking: integer("max_seats_per_booking").notNull().default(8),
    /** While it runs, regular tables are not offered. */
    closesRegularService: boolean("closes_regular_service").notNull().default(false),
    published: boolean("published").notNull().default(false),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("experiences_restaurant_starts_idx").on(t.restaurantId, t.startsAt),
    check("experiences_times_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("experiences_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("experiences_max_seats_check", sql`${t.maxSeatsPerBooking} between 1 and 100`),
  ],
);

export const experienceSections = pgTable(
  "experience_sections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    experienceId: uuid("experience_id")
      .notNull()
      .references(() => experiences.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull(),
    /** Per seat, in minor units of the experience's currency; 0 = free. */
    priceCents: integer("price_cents").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("experience_sections_experience_idx").on(t.experienceId, t.position),
    check("experience_sections_capacity_check", sql`${t.capacity} between 0 and 10000`),
    check("experience_sections_price_check", sql`${t.priceCents} >= 0`),
  ],
);

// ── Reservations ────────────────────────────────────────────────────────────────────────────────

export const reservationStatus = pgEnum("reservation_status", [
  "held",
  "confirmed",
  "seated",
  "completed",
  "cancelled",
  "expired",
  "no_show",
]);

export const reservationSource = pgEnum("reservation_source", ["web", "owner", "api", "walk_in"]);

export const reservations = pgTable(
  "reservations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    /** The table; null for a seat booking at an experience (which has experience_id and section_id instead). */
    tableId: uuid("table_id").references(() => diningTables.id, { onDelete: "restrict" }),
    /** A seat booking: `party_size` seats in one section of one experience, no table. */
    experienceId: uuid("experience_id").references(() => experiences.id, { onDelete: "no action" }),
    sectionId: uuid("section_id").references(() => experienceSections.id, { onDelete: "no action" }),
    sessionId: uuid("session_id").references(() => serviceSessions.id, { onDelete: "set null" }),
    /** The restaurant's local date of the service the reservation belongs to (a session past midnight keeps its start day). */
    serviceDate: date("service_date", { mode: "string" }).notNull(),
    partySize: integer("party_size").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true, mode: "date" }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true, mode: "date" }).notNull(),
    period: tstzrange("period").generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
    status: reservationStatus("status").notNull(),
    holdExpiresAt: timestamp("hold_expires_at", { withTimezone: true, mode: "date" }),
    holdExtended: boolean("hold_extended").notNull().default(false),
    version: integer("version").notNull().default(1),
    code: text("code").notNull(),
    manageTokenHash: text("manage_token_hash"),
    source: reservationSource("source").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Who placed a hold (user id or client address), for the active-hold limit. */
    holderKey: text("holder_key"),
    /** The trusted client address that placed a hold (TRUSTED_PROXY_HOPS), for the audit of who held what. */
    clientAddress: text("client_address"),
    guestName: text("guest_name"),
    guestEmail: text("guest_email"),
    guestPhone: text("guest_phone"),
    /** When the diner agreed to text messages at guest_phone (E.164); null means email only. */
    smsConsentAt: timestamp("sms_consent_at", { withTimezone: true, mode: "date" }),
    specialRequests: text("special_requests"),
    occasion: text("occasion"),
    /** Staff notes, never shown to the diner. */
    notes: text("notes"),
    /**
     * A change's hold: the confirmed reservation it would move. The overlap constraint treats the two
     * as one booking (a change may overlap its own original), and confirming moves the original here.
     */
    replacesId: uuid("replaces_id"),
    /**
     * The calendar event's SEQUENCE: 0 when booked, one more on every change of time, date or party
     * size, so every calendar file sent keeps the same UID and outranks the ones before it.
     */
    sequence: integer("sequence").notNull().default(0),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true, mode: "date" }),
    seatedAt: timestamp("seated_at", { withTimezone: true, mode: "date" }),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("reservations_code_key").on(t.code),
    index("reservations_restaurant_date_idx").on(t.restaurantId, t.serviceDate),
    index("reservations_table_starts_idx").on(t.tableId, t.startsAt),
    index("reservations_user_idx").on(t.userId, t.startsAt),
    index("reservations_held_expiry_idx").on(t.holdExpiresAt).where(sql`status = 'held'`),
    index("reservations_holder_idx").on(t.holderKey).where(sql`status = 'held'`),
    // Guest bookings found by their address when it joins an account.
    index("reservations_guest_email_idx").on(sql`lower(${t.guestEmail})`).where(sql`user_id is null`),
    check("reservations_party_size_check", sql`${t.partySize} >= 1`),
    check("reservations_times_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("reservations_hold_expiry_check", sql`${t.status} <> 'held' or ${t.holdExpiresAt} is not null`),
    check(
      "reservations_table_or_seats_check",
      sql`(${t.sectionId} is null) = (${t.experienceId} is null) and (${t.tableId} is null) <> (${t.sectionId} is null)`,
    ),
    index("reservations_section_idx").on(t.sectionId).where(sql`section_id is not null`),
    index("reservations_experience_idx").on(t.experienceId).where(sql`experience_id is not null`),
    // Seats: a trigger (custom migration 0013_experience_seats.sql) refuses any write that would make
    // a section's unexpired holds plus confirmed seats exceed its capacity.
    // The exclusion constraint (no overlapping blocking reservations per table) is in the custom
    // migrations 0001_reservation_overlap.sql and 0009_change_in_place.sql (a change may overlap its
    // own original): drizzle cannot express EXCLUDE.
  ],
);

// ── Guests (what staff remember about a guest; the visits themselves are the reservations) ─────────

/**
 * What staff add to a guest's profile at one restaurant: tags, allergies, private notes. Keyed by the
 * guest key (lib/guests/contract.ts: `email:<lower-cased address>` or `phone:<E.164 number>`), the
 * same key a reservation's contact details give at query time, so visits, no-shows and covers are
 * always computed from the reservations and never copied here.
 */
export const guestProfiles = pgTable(
  "guest_profiles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    guestKey: text("guest_key").notNull(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    allergies: text("allergies"),
    notes: text("notes"),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("guest_profiles_restaurant_key").on(t.restaurantId, t.guestKey),
    check("guest_profiles_lengths_check", sql`char_length(${t.guestKey}) <= 300 and char_length(${t.allergies}) <= 500 and char_length(${t.notes}) <= 2000 and cardinality(${t.tags}) <= 12`),
  ],
);

// ── Payments (Stripe) ──────────────────────────────────────────────────────────────────────────

export const paymentKind = pgEnum("payment_kind", ["deposit", "prepayment", "card_guarantee"]);
export const paymentStatus = pgEnum("payment_status", [
  "requires_action",
  "paid",
  "card_saved",
  "refunded",
  "partially_refunded",
  "forfeited",
  "charged",
  "failed",
]);

/**
 * The money (or saved card) one reservation needs: one row per reservation. Stripe ids are filled in
 * as the checkout goes; every Stripe call is keyed by this row's id and the step.
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reservationId: uuid("reservation_id")
      .notNull()
      .references(() => reservations.id, { onDelete: "cascade" }),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    kind: paymentKind("kind").notNull(),
    status: paymentStatus("status").notNull().default("requires_action"),
    /** Deposit or prepayment: what is taken. Card guarantee: the no-show fee the card may be charged. */
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    /** Money actually taken (a paid deposit, a charged fee). */
    capturedCents: integer("captured_cents").notNull().default(0),
    refundedCents: integer("refunded_cents").notNull().default(0),
    checkoutSessionId: text("checkout_session_id"),
    checkoutUrl: text("checkout_url"),
    checkoutExpiresAt: timestamp("checkout_expires_at", { withTimezone: true, mode: "date" }),
    paymentIntentId: text("payment_intent_id"),
    setupIntentId: text("setup_intent_id"),
    customerId: text("customer_id"),
    paymentMethodId: text("payment_method_id"),
    /** Set once, when the no-show fee is first asked for: a repeated or raced no-show charges nothing more. */
    chargeRequestedAt: timestamp("charge_requested_at", { withTimezone: true, mode: "date" }),
    failureMessage: text("failure_message"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("payments_reservation_key").on(t.reservationId),
    uniqueIndex("payments_checkout_session_key").on(t.checkoutSessionId),
    index("payments_restaurant_idx").on(t.restaurantId, t.createdAt),
    check("payments_amount_check", sql`${t.amountCents} >= 0 and ${t.capturedCents} >= 0`),
    check("payments_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("payments_refund_check", sql`${t.refundedCents} >= 0 and ${t.refundedCents} <= ${t.capturedCents}`),
  ],
);

export const refundStatus = pgEnum("refund_status", ["pending", "succeeded", "failed"]);

/**
 * Each refund decided, written in the transaction that decides it and sent to Stripe afterwards with
 * this row's id as the idempotency key, so a crash between the two is repaired by sending it again.
 */
export const paymentRefunds = pgTable(
  "payment_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    amountCents: integer("amount_cents").notNull(),
    reason: text("reason").notNull(),
    status: refundStatus("status").notNull().default("pending"),
    stripeRefundId: text("stripe_refund_id"),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    failureMessage: text("failure_message"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payment_refunds_payment_idx").on(t.paymentId),
    index("payment_refunds_pending_idx").on(t.createdAt).where(sql`status = 'pending'`),
    check("payment_refunds_amount_check", sql`${t.amountCents} > 0`),
  ],
);

/** Every Stripe event applied, by Stripe's event id: a repeat delivery finds its row and changes nothing. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
  outcome: text("outcome").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

// ── Reviews and the waitlist ────────────────────────────────────────────────────────────────────

/** One verified review per completed reservation, with at most one owner reply. */
export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reservationId: uuid("reservation_id")
      .notNull()
      .references(() => reservations.id, { onDelete: "cascade" }),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    rating: smallint("rating").notNull(),
    text: text("text"),
    /** As shown publicly: first name and initial ("Ana P."), fixed when the review is written. */
    authorName: text("author_name").notNull(),
    /** The visit's local date (the reservation's service date). */
    visitedOn: date("visited_on", { mode: "string" }).notNull(),
    replyText: text("reply_text"),
    replyUserId: uuid("reply_user_id").references(() => users.id, { onDelete: "set null" }),
    repliedAt: timestamp("replied_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("reviews_reservation_key").on(t.reservationId),
    index("reviews_restaurant_created_idx").on(t.restaurantId, t.createdAt),
    check("reviews_rating_check", sql`${t.rating} between 1 and 5`),
    check("reviews_text_length_check", sql`char_length(${t.text}) <= 2000 and char_length(${t.replyText}) <= 2000`),
  ],
);

export const waitlistStatus = pgEnum("waitlist_status", ["waiting", "offered", "booked", "lapsed", "left", "expired"]);

/**
 * A diner waiting for a table on a local date, for a party, between two local seating times. The
 * earliest waiting entry gets the next matching seating that frees up, as a hold made on its behalf.
 */
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    serviceDate: date("service_date", { mode: "string" }).notNull(),
    partySize: integer("party_size").notNull(),
    fromTime: time("from_time").notNull(),
    toTime: time("to_time").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Where the offer goes: the guest's address, or the signed-in diner's account address. */
    email: text("email").notNull(),
    phone: text("phone"),
    /** When the diner agreed to have the offer texted to `phone` (E.164). */
    smsConsentAt: timestamp("sms_consent_at", { withTimezone: true, mode: "date" }),
    manageTokenHash: text("manage_token_hash").notNull(),
    status: waitlistStatus("status").notNull().default("waiting"),
    /** The hold made for this entry when it was offered a table. */
    offerReservationId: uuid("offer_reservation_id").references(() => reservations.id, { onDelete: "set null" }),
    offeredAt: timestamp("offered_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("waitlist_entries_queue_idx").on(t.restaurantId, t.serviceDate, t.createdAt).where(sql`status = 'waiting'`),
    index("waitlist_entries_offer_idx").on(t.offerReservationId).where(sql`status = 'offered'`),
    check("waitlist_entries_window_check", sql`${t.toTime} >= ${t.fromTime}`),
    check("waitlist_entries_party_check", sql`${t.partySize} >= 1`),
  ],
);

export const partyRequestStatus = pgEnum("party_request_status", ["pending", "accepted", "declined"]);

/**
 * A group larger than the restaurant books online asking for a table: sent to the restaurant, which
 * accepts it (a confirmed booking at a table and time staff choose) or declines it with a message.
 */
export const partyRequests = pgTable(
  "party_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    restaurantId: uuid("restaurant_id")
      .notNull()
      .references(() => restaurants.id, { onDelete: "cascade" }),
    serviceDate: date("service_date", { mode: "string" }).notNull(),
    /** The local time the group asked for. */
    localTime: time("local_time").notNull(),
    partySize: integer("party_size").notNull(),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    notes: text("notes"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    clientAddress: text("client_address"),
    status: partyRequestStatus("status").notNull().default("pending"),
    /** The booking made when the request was accepted. */
    reservationId: uuid("reservation_id").references(() => reservations.id, { onDelete: "set null" }),
    /** What the restaurant told the group when it declined. */
    declineMessage: text("decline_message"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("party_requests_day_idx").on(t.restaurantId, t.serviceDate),
    check("party_requests_contact_check", sql`${t.email} is not null or ${t.phone} is not null`),
    check("party_requests_party_check", sql`${t.partySize} >= 1`),
  ],
);

export type PartyRequest = typeof partyRequests.$inferSelect;

// ── Outbox, idempotency, development mailbox ────────────────────────────────────────────────────

export const notificationKind = pgEnum("notification_kind", [
  "confirmation",
  "reminder",
  "cancellation",
  "hold_expired",
  "verify_email",
  "payment_refunded",
  "review_request",
  "waitlist_offer",
  "updated",
  "password_reset",
  "invite",
  "party_request",
  "party_request_declined",
  /** To a group that gave only a phone: the request arrived, the answer follows by text. */
  "party_request_received",
  /** To a group that gave only a phone: the request became a booking (its code and manage link). */
  "party_request_accepted",
]);
/** How a message travels: each channel is its own outbox row, claimed, retried and marked on its own. */
export const notificationChannel = pgEnum("notification_channel", ["email", "sms"]);
export const notificationStatus = pgEnum("notification_status", ["pending", "sending", "sent", "failed", "skipped"]);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What the message is about: a reservation, or (account emails such as verify_email) a user. */
    reservationId: uuid("reservation_id").references(() => reservations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** A team invite's email: revoking the invite drops the message with it. */
    inviteId: uuid("invite_id").references(() => restaurantInvites.id, { onDelete: "cascade" }),
    /** Or a large party's request (to the restaurant when made, to the group when declined). */
    partyRequestId: uuid("party_request_id").references(() => partyRequests.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    /**
     * Which message of its kind this is: 0 for those sent once per reservation; for "updated", the
     * reservation's sequence after the change, so each change is announced exactly once; for an
     * invite, the invite's revision (one email per link).
     */
    revision: integer("revision").notNull().default(0),
    channel: notificationChannel("channel").notNull().default("email"),
    /** The recipient of an email row. */
    toEmail: text("to_email"),
    /** The recipient of an SMS row, in E.164. */
    toPhone: text("to_phone"),
    status: notificationStatus("status").notNull().default("pending"),
    /** Not before this instant (a reminder's time). */
    sendAfter: timestamp("send_after", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "date" }),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_due_idx").on(t.sendAfter).where(sql`status in ('pending', 'failed')`),
    index("notifications_reservation_idx").on(t.reservationId),
    uniqueIndex("notifications_once_key").on(t.reservationId, t.kind, t.revision, t.channel),
    index("notifications_user_idx").on(t.userId).where(sql`user_id is not null`),
    uniqueIndex("notifications_invite_once_key").on(t.inviteId, t.revision, t.channel).where(sql`invite_id is not null`),
    uniqueIndex("notifications_party_request_once_key").on(t.partyRequestId, t.kind, t.revision, t.channel).where(sql`party_request_id is not null`),
    check(
      "notifications_subject_check",
      sql`num_nonnulls(${t.reservationId}, ${t.userId}, ${t.inviteId}, ${t.partyRequestId}) = 1`,
    ),
    check(
      "notifications_recipient_check",
      sql`(${t.channel} = 'email' and ${t.toEmail} is not null) or (${t.channel} = 'sms' and ${t.toPhone} is not null)`,
    ),
  ],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** Who sent it: `user:<id>`, `guest:<address>`. The same key from two callers is two keys. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    route: text("route").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    /**
     * Written by the effect's own transaction (a hold, confirm, cancel or staff booking): set means
     * the work committed, even if the response never got stored, so a retry answers from it instead
     * of doing the work again.
     */
    resourceId: uuid("resource_id"),
    /** A secret the first answer carried (a guest's manage token), sealed. */
    resourceSecret: text("resource_secret"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/**
 * Numbers that texted STOP (or that Twilio reports as unsubscribed): no SMS goes to them until they
 * text START. Kept by number, not by reservation, because the opt-out is the phone owner's.
 */
export const smsOptOuts = pgTable("sms_opt_outs", {
  phone: text("phone").primaryKey(),
  /** The keyword or event that opted the number out ("STOP", "provider:21610"). */
  reason: text("reason").notNull(),
  createdAt: createdAt(),
});

/** Where messages go when no email provider is configured: readable at /dev/mailbox. */
export const devMailbox = pgTable(
  "dev_mailbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotencyKey: text("idempotency_key"),
    /** An email, or a text message (then `to_addresses` holds the number, `text` the body, `subject` and `html` are empty). */
    channel: notificationChannel("channel").notNull().default("email"),
    fromAddress: text("from_address").notNull(),
    toAddresses: text("to_addresses").array().notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text"),
    attachments: jsonb("attachments").$type<{ filename: string; content_type?: string; content_base64?: string }[]>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("dev_mailbox_idempotency_key").on(t.idempotencyKey)],
);

/** A restaurant photo as pages and the API show it: its address here and what it shows, for people who cannot see it. */
export interface RestaurantPhoto {
  id: string;
  url: string;
  alt: string;
  width: number;
  height: number;
}

export type User = typeof users.$inferSelect;
export type Restaurant = typeof restaurants.$inferSelect;
export type DiningTable = typeof diningTables.$inferSelect;
export type ServiceSession = typeof serviceSessions.$inferSelect;
export type Closure = typeof closures.$inferSelect;
export type Reservation = typeof reservations.$inferSelect;
export type ReservationStatus = (typeof reservationStatus.enumValues)[number];
export type ReservationSource = (typeof reservationSource.enumValues)[number];
export type MemberRole = (typeof memberRole.enumValues)[number];
export type Notification = typeof notifications.$inferSelect;
export type Review = typeof reviews.$inferSelect;
export type WaitlistEntry = typeof waitlistEntries.$inferSelect;
export type Experience = typeof experiences.$inferSelect;
export type ExperienceSection = typeof experienceSections.$inferSelect;

export const BLOCKING_STATUSES = ["held", "confirmed", "seated"] as const satisfies readonly ReservationStatus[];
export type Payment = typeof payments.$inferSelect;
export type GuestProfile = typeof guestProfiles.$inferSelect;
export type PaymentKind = (typeof paymentKind.enumValues)[number];
export type PaymentStatus = (typeof paymentStatus.enumValues)[number];
export type PaymentRefund = typeof paymentRefunds.$inferSelect;
export type RefundStatus = (typeof refundStatus.enumValues)[number];
