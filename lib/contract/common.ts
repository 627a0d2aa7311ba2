import "./zod-config";
import { z } from "zod";
import { normalisePhone, SMS_NUMBER_MESSAGE, toE164 } from "./phone";

/**
 * The input pieces every contract is built from, defined once so the web forms, the server actions,
 * the services and the HTTP API accept exactly the same values. Client-safe: imports only zod.
 *
 * Field keys differ by caller (camelCase in forms, snake_case on the wire); the rules do not.
 */

// ── Text ──────────────────────────────────────────────────────────────────────────────────────────

/** `specialRequests` / `special_requests` / `policy.hold_minutes` → "Special requests" / "Hold minutes". */
export function fieldLabel(path: readonly PropertyKey[] | undefined): string {
  const key = [...(path ?? [])].reverse().find((p) => typeof p === "string") as string | undefined;
  if (!key) return "This value";
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** C0 control characters and DEL. NUL in particular is refused by Postgres (a 500 if it gets that far). */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, except tab and line feed, for text that may span lines. */
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const noControl = (pattern: RegExp) => ({
  error: (iss: { path?: readonly PropertyKey[] }) => `${fieldLabel(iss.path)} must not contain control characters.`,
  check: (s: string) => !pattern.test(s),
});

/**
 * Free text, trimmed, at most `max` characters, refusing control characters with a message naming
 * the field. `multiline` allows tab and line breaks (CRLF and CR are stored as LF).
 */
export function text(max: number, options: { multiline?: boolean } = {}) {
  const rule = noControl(options.multiline ? CONTROL_MULTILINE : CONTROL);
  const base = options.multiline ? z.string().transform((s) => s.replace(/\r\n?/g, "\n")) : z.string();
  return base.pipe(z.string().trim().max(max, `At most ${max} characters.`).refine(rule.check, { error: rule.error }));
}

/** Text that must be given (not empty once trimmed). */
export function requiredText(max: number, options: { multiline?: boolean; message?: string } = {}) {
  return text(max, options).refine((s) => s.length > 0, options.message ?? "Required.");
}

/** Optional text: "" or null means "none" (null); absent stays absent, so a partial update leaves it alone. */
export function optionalText(max: number, options: { multiline?: boolean } = {}) {
  return text(max, options)
    .nullish()
    .transform((v) => (v === "" ? null : v));
}

/** An optional value of a given format where "" or null clears it (null); absent stays absent. */
export function clearable<T extends z.ZodType>(schema: T) {
  return z.union([z.literal("").transform(() => null), schema]).nullish();
}

/** A free-text query-string value: like `text`, absent or "" is undefined. */
export function queryText(max: number) {
  return text(max)
    .optional()
    .transform((v) => (v ? v : undefined));
}

// ── Identifiers ───────────────────────────────────────────────────────────────────────────────────

/** Any 8-4-4-4-12 hex id (Postgres accepts every such value, so we do too). */
export const uuid = z.guid({ message: "Must be an id." });

export const looksLikeUuid = (s: string) => uuid.safeParse(s).success;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A restaurant's URL name: lower-case letters, digits and single hyphens; never shaped like an id. */
export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "At least 2 characters.")
  .max(60, "At most 60 characters.")
  .regex(SLUG_PATTERN, "Lower-case letters, digits and single hyphens.")
  .refine((s) => !looksLikeUuid(s), "Must not look like an id.");

/** `Café Déjà Vu!` → `cafe-deja-vu`; empty when the name has no Latin letters or digits. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/g, "");
}

// ── Dates, times, zones ───────────────────────────────────────────────────────────────────────────

/** Years anything in the product may fall in; outside them is a typo or an attack, never a booking. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const yearMessage = `Must be between the years ${MIN_YEAR} and ${MAX_YEAR}.`;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false;
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** A local calendar date in the restaurant's zone, `YYYY-MM-DD`, between MIN_YEAR and MAX_YEAR. */
export const localDate = z
  .string()
  .regex(DATE_PATTERN, "Must be a date as YYYY-MM-DD.")
  .refine(isCalendarDate, "Must be a real calendar date.")
  .refine((s) => {
    const y = Number(s.slice(0, 4));
    return y >= MIN_YEAR && y <= MAX_YEAR;
  }, yearMessage);

export const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A local wall-clock time, `HH:MM` (24-hour). */
export const localTime = z.string().regex(LOCAL_TIME_PATTERN, "Must be a time as HH:MM (24-hour).");

/** "17:30" or "17:30:00" (as Postgres returns a time) → "17:30". */
export const hhmm = (t: string) => t.slice(0, 5);

/** An instant, ISO-8601 with `Z` or an offset, between MIN_YEAR and MAX_YEAR; parsed to a Date. */
export const instant = z.iso
  .datetime({ offset: true, message: "Must be an ISO-8601 instant such as 2026-12-04T19:00:00Z." })
  .transform((s) => new Date(s))
  .refine((d) => d.getUTCFullYear() >= MIN_YEAR && d.getUTCFullYear() <= MAX_YEAR, yearMessage);

/** True for an IANA zone name this runtime knows (`Europe/London`, `UTC`), false for offsets or junk. */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The runtime's spelling of a zone (`europe/london` → `Europe/London`). */
export const canonicalTimeZone = (tz: string) => new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;

/** An IANA time zone, normalised to the runtime's spelling. */
export const timezone = z
  .string()
  .trim()
  .refine(isIanaTimeZone, "Must be an IANA time zone such as Europe/London.")
  .transform(canonicalTimeZone);

// ── People and parties ────────────────────────────────────────────────────────────────────────────

/**
 * The largest party anyone can book, on the web or the API: every booking sits at one table, and a
 * table seats at most this many.
 */
export const PARTY_SIZE_MAX = 100;
export const SEATS_MAX = PARTY_SIZE_MAX;

const partySizeRule = (n: z.ZodNumber) =>
  n.int("Must be a whole number.").min(1, "At least 1 guest.").max(PARTY_SIZE_MAX, `At most ${PARTY_SIZE_MAX} guests.`);

export const partySize = partySizeRule(z.number({ message: "Must be a number." }));
/** Party size from a query string. */
export const partySizeQuery = partySizeRule(z.coerce.number({ message: "Must be a number." }));

/** An email address, trimmed and lower-cased everywhere it is accepted. */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "At most 254 characters.")
  .pipe(z.email("Enter an email address like name@example.com."));

/** An optional email: "" or null is null; absent stays absent. */
export const optionalEmail = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v === "" ? null : v))
  .pipe(email.nullish());

/**
 * A phone number as people type it; "" or null is null; absent stays absent. A valid number with its
 * country code comes out in E.164 (`+447911123456`); a local one stays as typed.
 */
export const phone = z
  .string()
  .trim()
  .max(40, "At most 40 characters.")
  .regex(/^[+0-9 ()\-.]*$/, "Use digits, spaces and + ( ) - . only.")
  .nullish()
  .transform((v) => (v === "" ? null : v === null || v === undefined ? v : normalisePhone(v)));

/** Agreeing to text messages at the given phone: a checkbox, absent or false is no. */
export const smsOptIn = z.boolean({ message: "Must be true or false." }).optional();

/** The cross-field rule of every form with a phone and an SMS opt-in: texts need a number we can text. */
export function smsNeedsMobile(v: { phone?: string | null; smsOptIn?: boolean }, ctx: z.RefinementCtx): void {
  if (v.smsOptIn && !toE164(v.phone)) ctx.addIssue({ code: "custom", message: SMS_NUMBER_MESSAGE, path: ["phone"] });
}

/** A whole number in a range, with the messages every form and the API share. */
export const int = (min: number, max: number) =>
  z.number({ message: "Must be a number." }).int("Must be a whole number.").min(min, `At least ${min}.`).max(max, `At most ${max}.`);
