import { z } from "zod";
import { optionalText, queryText, text } from "@/lib/contract/common";
import { normalisePhone } from "@/lib/contract/phone";

/**
 * The guests contract: who a guest is (their key) and what staff may write on their profile. Used by
 * the profile form (zodResolver), the server actions and the services. Client-safe.
 *
 * How a booking links to a guest: a reservation's guest key is `email:<its email, lower-cased>` when
 * it has an email, else `phone:<its phone>` (phones are stored in E.164 by the booking contracts, so
 * the stored value is already the normal form), else it has no guest. The key is computed at query
 * time (GUEST_KEY_SQL in lib/guests/guests.ts mirrors `guestKeyOf`), so a profile is every booking at
 * the restaurant with that key; what staff add is kept in guest_profiles under the same key.
 */

/** Tags offered as ticks on every profile; staff may add their own beside them. */
export const GUEST_TAGS = ["VIP", "Regular", "Friend of the house", "Industry", "Press", "Accessibility needs"] as const;
export const MAX_TAGS = 12;
export const MAX_TAG_LENGTH = 24;
export const MAX_ALLERGIES_LENGTH = 500;
export const MAX_GUEST_NOTES_LENGTH = 2000;

/** One tag: a short label; a fixed one is spelled as listed whatever the case it was typed in. */
export const guestTag = text(MAX_TAG_LENGTH)
  .refine((s) => s.length > 0, "A tag cannot be empty.")
  .transform((s) => GUEST_TAGS.find((t) => t.toLowerCase() === s.toLowerCase()) ?? s);

/** Tags, duplicates (any case) dropped, at most MAX_TAGS. */
export const guestTags = z
  .array(guestTag, "Must be a list of tags.")
  .transform((tags) => tags.filter((t, i) => tags.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === i))
  .pipe(z.array(z.string()).max(MAX_TAGS, `At most ${MAX_TAGS} tags.`));

/** What staff write on a guest's profile (all of it replaces what was there). */
export const guestProfileSchema = z.object({
  tags: guestTags,
  allergies: optionalText(MAX_ALLERGIES_LENGTH),
  notes: optionalText(MAX_GUEST_NOTES_LENGTH, { multiline: true }),
});
export type GuestProfileInput = z.input<typeof guestProfileSchema>;

// ── Guest keys ────────────────────────────────────────────────────────────────────────────────────

export type GuestKey = `email:${string}` | `phone:${string}`;

/** The guest a booking's contact details belong to (see the rule above), or null for an anonymous walk-in. */
export function guestKeyOf(contact: { email?: string | null; phone?: string | null }): GuestKey | null {
  const email = contact.email?.trim().toLowerCase();
  if (email) return `email:${email}`;
  const phone = normalisePhone(contact.phone?.trim() || null);
  return phone ? `phone:${phone}` : null;
}

/** A guest key as it arrives from a URL or a form. */
export const guestKey = z
  .string()
  .max(300, "Not a guest.")
  .regex(/^(email:[^\s]+@[^\s]+|phone:[+0-9 ()\-.]+)$/, "Not a guest.")
  .transform((k) => k as GuestKey);

/** A guest key in a URL path segment: base64url of its UTF-8 bytes, so "@", "+" and ":" need no escaping. */
export function guestKeyToParam(key: string): string {
  const bytes = new TextEncoder().encode(key);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The guest key a URL segment names, or null when it names none. */
export function guestKeyFromParam(param: string): GuestKey | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(param)) return null;
  try {
    const bin = atob(param.replace(/-/g, "+").replace(/_/g, "/"));
    const key = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const parsed = guestKey.safeParse(key);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Saving a profile from the form: which guest, and what staff wrote. */
export const guestProfileUpdateSchema = guestProfileSchema.extend({ guestKey });

// ── Search and lookup ─────────────────────────────────────────────────────────────────────────────

/** The guest list's search: part of a name, email or phone number. */
export const guestSearchSchema = z.object({ q: queryText(100) });

/** The phone form's look-up of a returning guest by what the host has typed so far. */
export const guestLookupSchema = z.object({ email: optionalText(254), phone: optionalText(40) });

/** The fewest digits of a phone number that are looked up (fewer would match strangers). */
export const MIN_LOOKUP_DIGITS = 4;
/** The fewest characters of an email that are looked up. */
export const MIN_LOOKUP_EMAIL = 3;

/**
 * The digits to look a typed phone number up by: the number's digits without a national trunk "0"
 * ("020 7946 0123" → "2079460123"), which then appear inside the stored E.164 number ("+442079460123").
 */
export function phoneLookupDigits(raw: string): string {
  return raw.replace(/\D/g, "").replace(/^0+/, "");
}

/** "3rd", "11th", "22nd": the visit a booking is, counted from one. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
