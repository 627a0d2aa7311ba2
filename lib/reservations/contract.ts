import { z } from "zod";
import { email, instant, localDate, optionalEmail, optionalText, partySize, phone, requiredText, smsNeedsMobile, smsOptIn, text, uuid } from "@/lib/contract/common";

/**
 * The booking contract: what a diner sends to hold a table and to confirm it, used by the booking
 * form (react-hook-form's zod resolver, in the browser), the server actions, the HTTP API (through
 * the snake_case mapping in lib/contract/wire.ts) and the services themselves. Client-safe.
 */

export const OCCASIONS = [
  { value: "birthday", label: "Birthday" },
  { value: "anniversary", label: "Anniversary" },
  { value: "date", label: "Date night" },
  { value: "business", label: "Business meal" },
  { value: "celebration", label: "Celebration" },
  { value: "other", label: "Something else" },
] as const;

export type Occasion = (typeof OCCASIONS)[number]["value"];

const occasionValues = OCCASIONS.map((o) => o.value) as [Occasion, ...Occasion[]];

/** One of OCCASIONS; "" (the form's "none" option), null or absent is none. */
export const occasion = z
  .union([z.literal(""), z.enum(occasionValues, "Choose one of the listed occasions.")], "Choose one of the listed occasions.")
  .nullish()
  .transform((v) => (v ? v : null));

/** A reservation's short human code (`K7M3QX2`), as it appears in URLs. */
export const reservationCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{4,16}$/, "Not a reservation code.")
  .transform((v) => v.toUpperCase());

/** A guest's manage token as it arrives from a link: opaque, bounded. */
export const manageToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "Not a manage token.");

/** The guest's details when confirming a hold. */
export const guestDetailsSchema = z
  .object({
    name: requiredText(120, { message: "Enter the name the booking is under." }),
    email,
    phone,
    /** The diner agrees to the confirmation, reminder and other messages by text at `phone` too. */
    smsOptIn,
    occasion,
    specialRequests: optionalText(1000, { multiline: true }),
  })
  .superRefine(smsNeedsMobile);

export type GuestDetailsInput = z.input<typeof guestDetailsSchema>;
export type GuestDetailsOutput = z.output<typeof guestDetailsSchema>;

export const EMPTY_GUEST_DETAILS = { name: "", email: "", phone: "", smsOptIn: false, occasion: "", specialRequests: "" } satisfies GuestDetailsInput;

/** Placing a hold: where, when, how many (members may also name the table). */
export const holdRequestSchema = z.object({
  restaurantId: uuid,
  startsAt: instant,
  partySize,
  tableId: uuid.optional(),
});

/** The web's hold: no table choice; a change names the reservation it replaces (and, from a link, its token). */
export const holdTableSchema = holdRequestSchema.omit({ tableId: true }).extend({
  replaces: reservationCode.optional(),
  replacesToken: manageToken.optional(),
  /** The diner was told they already have a booking here at an overlapping time and wants both. */
  bookAnyway: z.boolean().optional(),
});

/** Confirming a hold from the booking page: the details plus which hold (flat, so field errors map to the form). */
export const confirmBookingSchema = guestDetailsSchema.extend({
  code: reservationCode,
  /** The hold's manage token when the caller keeps it itself (the embeddable widget has no cookie). */
  token: manageToken.optional(),
});

/** Acting on an existing reservation (extend, cancel, view): its code and, from a link, its token. */
export const reservationRefSchema = z.object({
  code: reservationCode,
  token: manageToken.optional(),
});

/** The times a confirmed booking could move to: which booking (and, from a link, its token), the date and party. */
export const changeAvailabilitySchema = reservationRefSchema.extend({ date: localDate, partySize });

/** The first later date a confirmed booking could move to: which booking, the day that had nothing, the party. */
export const nextChangeDateSchema = reservationRefSchema.extend({ after: localDate, partySize });

// ── The day book (front of house: staff acting on today's bookings) ─────────────────────────────────

/** The statuses staff set from the book (and the API's status change); each can be undone for a while. */
export const FRONT_OF_HOUSE_STATUSES = ["seated", "completed", "no_show"] as const;
export const frontOfHouseStatus = z.enum(FRONT_OF_HOUSE_STATUSES);
export type FrontOfHouseStatus = z.output<typeof frontOfHouseStatus>;

/** The version of the booking the staff member was looking at (so a stale screen cannot overwrite). */
const expectedVersion = z.number().int().optional();

/**
 * A booking taken on the phone: a named guest at a time (and optionally a table staff chose). The
 * book's form and action use it as is; the API's staff booking adds `status` (memberBookingSchema).
 */
export const phoneBookingSchema = z.object({
  startsAt: instant,
  partySize,
  name: requiredText(120),
  phone,
  email: optionalEmail,
  tableId: uuid.nullish(),
  notes: optionalText(2000, { multiline: true }),
  occasion,
  specialRequests: optionalText(1000, { multiline: true }),
});

/** The API's staff booking: a phone booking (`confirmed`), or a walk-in at a given time (`seated`). */
export const memberBookingSchema = phoneBookingSchema.extend({
  status: z.enum(["confirmed", "seated"]).default("confirmed"),
});

/** Guests who walk in and are seated now (a name is optional). */
export const walkInSchema = z.object({
  partySize,
  name: optionalText(120),
  tableId: uuid.nullish(),
  notes: optionalText(2000, { multiline: true }),
});

export const statusChangeSchema = z.object({ status: frontOfHouseStatus });
export const statusUndoSchema = z.object({ from: frontOfHouseStatus, version: expectedVersion });

/** Moving a booking to another table and/or time (absent keeps it). */
export const moveSchema = z.object({ tableId: uuid.nullish(), startsAt: instant.nullish(), version: expectedVersion });

export const staffNotesSchema = z.object({ notes: text(2000, { multiline: true }) });
