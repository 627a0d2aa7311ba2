import { invalidInput, type FieldErrors } from "@/lib/errors";

/**
 * Checks the services make themselves, because server actions call them as well as the HTTP routes
 * (which validated with zod already). Field names are the API's snake_case names, so a form can show
 * the message next to the field either way.
 */
export class FieldCheck {
  readonly fields: FieldErrors = {};

  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }

  int(field: string, value: number | null | undefined, min: number, max: number): void {
    if (value === undefined || value === null) return;
    if (!Number.isInteger(value) || value < min || value > max) this.add(field, `Must be a whole number from ${min} to ${max}.`);
  }

  text(field: string, value: string | null | undefined, max: number, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.add(field, "Required.");
      return;
    }
    if (required && value.trim() === "") this.add(field, "Required.");
    if (value.length > max) this.add(field, `At most ${max} characters.`);
  }

  throwIfAny(message = "Some fields need attention."): void {
    if (Object.keys(this.fields).length > 0) throw invalidInput(message, this.fields);
  }
}

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:00)?$/;
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const looksLikeUuid = (s: string) => UUID_SHAPE.test(s);

export function isCalendarDate(s: string): boolean {
  if (!LOCAL_DATE.test(s)) return false;
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "17:30" or "17:30:00" → "17:30". */
export const hhmm = (t: string) => t.slice(0, 5);
