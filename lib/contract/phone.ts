import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Phone numbers in E.164 (`+447911123456`), the one form Twilio, the opt-out list and the outbox
 * compare. Client-safe: the booking form runs the same rules.
 *
 * Without a country of its own a number only parses with its country code, so a local number
 * ("020 7946 0000") stays as typed for the restaurant to read, but cannot receive texts.
 */
export function toE164(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw.trim());
  return parsed?.isValid() ? parsed.number : null;
}

/** A phone as kept on a booking: E.164 when it is a valid international number, else as typed. */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  return toE164(raw) ?? raw;
}

export const SMS_NUMBER_MESSAGE = "For text messages, enter a mobile number with its country code, like +44 7911 123456.";
