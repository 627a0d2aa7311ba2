import { z } from "zod";
import { optionalText } from "@/lib/contract/common";

/**
 * The review contract: what a diner sends to review a visit and an owner to reply, used by the
 * review form (zod resolver, in the browser), the server actions, the HTTP API and the services.
 * Client-safe: no database or server imports. Text is plain: it is stored as typed and always shown
 * escaped, never as HTML.
 */

/** Longest review or reply, in characters (the database checks it too). */
export const REVIEW_TEXT_MAX = 2000;

/** How long after a visit it may be reviewed. */
export const REVIEW_WINDOW_DAYS = 60;

export const rating = z.coerce
  .number("Choose a rating from 1 to 5.")
  .int("Choose a rating from 1 to 5.")
  .min(1, "Choose a rating from 1 to 5.")
  .max(5, "Choose a rating from 1 to 5.");

/** Writing a review: 1–5 stars and optional text ("" is none). */
export const reviewSchema = z.object({
  rating,
  text: optionalText(REVIEW_TEXT_MAX, { multiline: true }),
});

/** Editing a review: either or both. */
export const reviewPatchSchema = reviewSchema.partial().refine((v) => v.rating !== undefined || v.text !== undefined, {
  message: "Send a rating, a text, or both.",
});

/** An owner's reply; "" removes it. */
export const replySchema = z.object({
  text: optionalText(REVIEW_TEXT_MAX, { multiline: true }).transform((v) => v ?? null),
});

export const reviewsPage = z.coerce.number("Must be a page number.").int("Must be a page number.").min(1, "At least 1.").max(10_000, "At most 10000.");

export type ReviewInput = z.input<typeof reviewSchema>;
export type ReviewOutput = z.output<typeof reviewSchema>;

/** "Ana María Pereira" → "Ana P."; "ana" → "Ana"; nothing usable → "Guest". Shown publicly. */
export function authorDisplayName(fullName: string | null | undefined): string {
  const words = (fullName ?? "")
    .normalize("NFC")
    .split(/\s+/u)
    .map((w) => w.replace(/[^\p{L}\p{M}'’-]/gu, ""))
    .filter((w) => /\p{L}/u.test(w));
  if (words.length === 0) return "Guest";
  const cap = (w: string) => w.charAt(0).toLocaleUpperCase() + w.slice(1);
  const first = cap(words[0]!.slice(0, 40));
  if (words.length === 1) return first;
  const last = words[words.length - 1]!;
  const initial = Array.from(last.replace(/^[^\p{L}]+/u, ""))[0];
  return initial ? `${first} ${initial.toLocaleUpperCase()}.` : first;
}

/** `[{stars: 5, count}, … {stars: 1, count}]` with every star present. */
export type RatingDistribution = { stars: 1 | 2 | 3 | 4 | 5; count: number }[];

/** The average served: two decimal places, null without reviews (pages show one). */
export function averageOf(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 100) / 100 : null;
}
