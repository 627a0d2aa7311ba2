import { z } from "zod";

/**
 * Input schemas shared by the booking pages' forms (react-hook-form's zod resolver, in the browser)
 * and the server actions that check the same input again on the server. Only zod here: this module
 * ships to the browser.
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

/** "" is "no occasion", as the form's first option sends it. */
const occasionValues = ["", ...OCCASIONS.map((o) => o.value)] as ["", ...Occasion[]];

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

/** The guest's details on the booking form. Empty optional fields arrive as "" from the form. */
export const guestDetailsSchema = z.object({
  name: z.string().trim().min(1, "Enter the name the booking is under.").max(120, "At most 120 characters."),
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address: the confirmation goes there.")
    .max(254, "At most 254 characters.")
    .pipe(z.email("Enter an email address like name@example.com.")),
  phone: z
    .string()
    .trim()
    .max(40, "At most 40 characters.")
    .regex(/^[+0-9 ()\-.]*$/, "Use digits, spaces and + ( ) - . only."),
  occasion: z.enum(occasionValues, "Choose one of the listed occasions."),
  specialRequests: z.string().trim().max(1000, "At most 1000 characters."),
});

export type GuestDetailsInput = z.input<typeof guestDetailsSchema>;
export type GuestDetailsOutput = z.output<typeof guestDetailsSchema>;

export const EMPTY_GUEST_DETAILS: GuestDetailsInput = { name: "", email: "", phone: "", occasion: "", specialRequests: "" };

/** Confirming a hold: the details plus which hold (flat, so field errors map to the form's fields). */
export const confirmBookingSchema = guestDetailsSchema.extend({ code: reservationCode });

/** Placing a hold on one of the day's seatings; a change also names the reservation it replaces. */
export const holdTableSchema = z.object({
  restaurantId: z.guid("Not a restaurant id."),
  startsAt: z.iso.datetime({ offset: true, error: "Not an instant." }).transform((v) => new Date(v)),
  partySize: z.number().int("Must be a whole number.").min(1, "At least 1 guest.").max(100, "At most 100 guests."),
  replaces: reservationCode.optional(),
  /** The replaced reservation's manage token, when the manage page was opened from a link. */
  replacesToken: manageToken.optional(),
  /** The diner was told they already have a booking here at an overlapping time and wants both. */
  bookAnyway: z.boolean().optional(),
});

/** Acting on an existing reservation (extend, cancel, view): its code and, from a link, its token. */
export const reservationRefSchema = z.object({
  code: reservationCode,
  token: manageToken.optional(),
});
