import { z } from "zod";
import { instant, int, optionalText, requiredText, uuid } from "@/lib/contract/common";

/**
 * The experiences contract (ticketed seatings sold by the seat in sections). Client-safe: the owner
 * form, the server actions, the services and the HTTP API all parse with these. Sections are a list
 * whose items keep their wire keys (`price_cents`), like turn-time rules.
 */

export const SECTION_CAPACITY_MAX = 2000;
export const SEATS_PER_BOOKING_MAX = 20;
export const DURATION_MINUTES_MAX = 24 * 60;
export const SECTIONS_MAX = 12;

const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Must be a three-letter currency code such as EUR.");

export const sectionSchema = z.object({
  /** An existing section, when editing; absent for a new one. */
  id: uuid.optional(),
  name: requiredText(80),
  capacity: int(0, SECTION_CAPACITY_MAX),
  /** Per seat, in minor units; 0 = free. */
  price_cents: int(0, 10_000_000),
});

const sections = z
  .array(sectionSchema)
  .min(1, "At least one section.")
  .max(SECTIONS_MAX, `At most ${SECTIONS_MAX} sections.`)
  .refine((list) => new Set(list.map((s) => s.name.toLowerCase())).size === list.length, "Each section needs its own name.");

export const createExperienceSchema = z.strictObject({
  name: requiredText(120),
  description: optionalText(4000, { multiline: true }),
  startsAt: instant,
  durationMinutes: int(15, DURATION_MINUTES_MAX),
  currency,
  sections,
  maxSeatsPerBooking: int(1, SEATS_PER_BOOKING_MAX).default(8),
  closesRegularService: z.boolean().default(false),
  published: z.boolean().default(false),
});
export type CreateExperienceInput = z.input<typeof createExperienceSchema>;

/** Everything optional; `sections` lists every section to keep (by id) and new ones (without). */
export const updateExperienceSchema = z.strictObject({
  name: requiredText(120).optional(),
  description: optionalText(4000, { multiline: true }),
  startsAt: instant.optional(),
  durationMinutes: int(15, DURATION_MINUTES_MAX).optional(),
  currency: currency.optional(),
  sections: sections.optional(),
  maxSeatsPerBooking: int(1, SEATS_PER_BOOKING_MAX).optional(),
  closesRegularService: z.boolean().optional(),
  published: z.boolean().optional(),
});
export type UpdateExperienceInput = z.input<typeof updateExperienceSchema>;

export const holdSeatsSchema = z.strictObject({
  experienceId: uuid,
  sectionId: uuid,
  partySize: int(1, SEATS_PER_BOOKING_MAX),
});
export type HoldSeatsInput = z.input<typeof holdSeatsSchema>;

export const listExperiencesQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
});
