import { createHmac, timingSafeEqual } from "node:crypto";
import { appUrl } from "@/lib/env";
import { derivedKeyIfConfigured } from "@/lib/security/derived-key";

/**
 * Links in emails. The manage token is shown once at hold time and stored only hashed, so an email
 * cannot carry it. Instead the link carries a signed statement "reservation R, version V, valid until
 * T" under a key derived from AUTH_SECRET, sent as the page's `?token=` (`/reservations/<code>?token=…`):
 * the reservation services accept a valid one wherever they accept the manage token, so a guest
 * without an account can still manage the booking from the email. Nothing new is stored.
 *
 * A link stops working:
 * - a few days after the reservation ends (`LINK_DAYS_AFTER_END`): an old email in a mailbox is not
 *   a key to the booking forever;
 * - when the reservation was cancelled or expired after the link was made: a cancel makes every older
 *   link to it stale. Other edits (a change of time or party size, which moves the same reservation,
 *   staff notes, a table move, seating) bump the version too but leave the booking the diner's, so
 *   their links keep working and show the booking as it is now;
 * - when AUTH_SECRET is rotated.
 * An expired or stale link is told apart from a forged one, so the page can say it expired.
 */
export const LINK_DAYS_AFTER_END = 3;

const MAC_BYTES = 24;
/** exp (uint32, seconds) + version (uint32) + MAC. */
const TOKEN_BYTES = 8 + MAC_BYTES;
const TERMINAL = new Set(["cancelled", "expired"]);

export interface LinkedReservation {
  id: string;
  version: number;
  endsAt: Date;
}

export type ManageLinkCheck = "valid" | "expired" | "stale" | "invalid";

function linkKeys(): { v1: Buffer; v2: Buffer } | null {
  const v1 = derivedKeyIfConfigured("manage link v1");
  const v2 = derivedKeyIfConfigured("manage link v2");
  return v1 && v2 ? { v1, v2 } : null;
}

function mac(key: Buffer, reservationId: string, exp: number, version: number): Buffer {
  return createHmac("sha256", key)
    .update(`manage:${reservationId.toLowerCase()}:${exp}:${version}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

/** The first links carried no expiry: an HMAC of the id alone. Recognised only to call them expired. */
function macV1(key: Buffer, reservationId: string): Buffer {
  return createHmac("sha256", key).update(`manage:${reservationId.toLowerCase()}`).digest().subarray(0, MAC_BYTES);
}

/** When a link to this reservation stops working (seconds since the epoch). */
export function linkExpiry(reservation: Pick<LinkedReservation, "endsAt">): number {
  return Math.floor(reservation.endsAt.getTime() / 1000) + LINK_DAYS_AFTER_END * 86_400;
}

/** The signed `?token=` for a reservation's manage link (base64url), or null when AUTH_SECRET is not set. */
export function signManageLink(reservation: LinkedReservation): string | null {
  const keys = linkKeys();
  if (!keys) return null;
  const exp = linkExpiry(reservation);
  const out = Buffer.alloc(TOKEN_BYTES);
  out.writeUInt32BE(exp, 0);
  out.writeUInt32BE(reservation.version, 4);
  mac(keys.v2, reservation.id, exp, reservation.version).copy(out, 8);
  return out.toString("base64url");
}

/**
 * Whether a presented `?token=` is a link to this reservation that still works. The signature is
 * checked first (constant time), so "expired" and "stale" are only ever said of a genuine link.
 */
export function checkManageLink(
  reservation: { id: string; version: number; status: string },
  token: string | null | undefined,
  now: Date = new Date(),
): ManageLinkCheck {
  const keys = linkKeys();
  if (!keys || !token || !/^[A-Za-z0-9_-]{1,64}$/.test(token)) return "invalid";
  const raw = Buffer.from(token, "base64url");
  if (raw.length === MAC_BYTES) return equal(raw, macV1(keys.v1, reservation.id)) ? "expired" : "invalid";
  if (raw.length !== TOKEN_BYTES) return "invalid";
  const exp = raw.readUInt32BE(0);
  const version = raw.readUInt32BE(4);
  if (!equal(raw.subarray(8), mac(keys.v2, reservation.id, exp, version))) return "invalid";
  if (now.getTime() >= exp * 1000) return "expired";
  // Versions only grow. A link made before the reservation was cancelled (or changed) is stale; the
  // cancellation email, made after, carries the final version.
  if (version > reservation.version) return "invalid";
  if (TERMINAL.has(reservation.status) && version < reservation.version) return "stale";
  return "valid";
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The reservation page, signed when possible: `${APP_URL}/reservations/<code>?token=<signed link>`. */
export function manageLinkFor(reservation: LinkedReservation & { code: string }): string {
  // Concatenated, not resolved: APP_URL may carry a base path.
  const url = new URL(`${appUrl().replace(/\/+$/, "")}/reservations/${encodeURIComponent(reservation.code)}`);
  const token = signManageLink(reservation);
  if (token) url.searchParams.set("token", token);
  return url.toString();
}

/**
 * Review links: the review-request email goes out after the visit, when the manage link is close to
 * expiring, and a review may be written for REVIEW_WINDOW_DAYS. So it carries its own signed statement,
 * "review of reservation R, valid until T", under a separate derived key: it opens the review page and
 * the review routes of that one reservation, and nothing else (it does not manage the booking).
 */
export const REVIEW_WINDOW_DAYS = 60;

function reviewKey(): Buffer | null {
  return derivedKeyIfConfigured("review link v1");
}

function reviewMac(key: Buffer, reservationId: string, exp: number): Buffer {
  return createHmac("sha256", key).update(`review:${reservationId.toLowerCase()}:${exp}`).digest().subarray(0, MAC_BYTES);
}

/** When a review may no longer be written for a visit that ended at `endsAt` (seconds since the epoch). */
export function reviewLinkExpiry(endsAt: Date): number {
  return Math.floor(endsAt.getTime() / 1000) + REVIEW_WINDOW_DAYS * 86_400;
}

/** The signed `?token=` of a review link, or null when AUTH_SECRET is not set. */
export function signReviewLink(reservation: { id: string; endsAt: Date }): string | null {
  const key = reviewKey();
  if (!key) return null;
  const exp = reviewLinkExpiry(reservation.endsAt);
  const out = Buffer.alloc(4 + MAC_BYTES);
  out.writeUInt32BE(exp, 0);
  reviewMac(key, reservation.id, exp).copy(out, 4);
  return out.toString("base64url");
}

/** Whether a presented token is a working review link for this reservation. */
export function checkReviewLink(reservationId: string, token: string | null | undefined, now: Date = new Date()): ManageLinkCheck {
  const key = reviewKey();
  if (!key || !token || !/^[A-Za-z0-9_-]{1,64}$/.test(token)) return "invalid";
  const raw = Buffer.from(token, "base64url");
  if (raw.length !== 4 + MAC_BYTES) return "invalid";
  const exp = raw.readUInt32BE(0);
  if (!equal(raw.subarray(4), reviewMac(key, reservationId, exp))) return "invalid";
  return now.getTime() >= exp * 1000 ? "expired" : "valid";
}

/** The review page for a visit, signed: `${APP_URL}/reservations/<code>/review?token=<signed link>`. */
export function reviewLinkFor(reservation: { id: string; code: string; endsAt: Date }): string {
  const url = new URL(`${appUrl().replace(/\/+$/, "")}/reservations/${encodeURIComponent(reservation.code)}/review`);
  const token = signReviewLink(reservation);
  if (token) url.searchParams.set("token", token);
  return url.toString();
}

/**
 * A waitlist offer's link: it opens the booking page of the hold made for the diner, carrying the
 * same signed manage link (`/waitlist/offer/<code>?token=…` stores it for the booking pages, then
 * sends the diner on to confirm).
 */
export function waitlistOfferLinkFor(reservation: LinkedReservation & { code: string }): string {
  const url = new URL(`${appUrl().replace(/\/+$/, "")}/waitlist/offer/${encodeURIComponent(reservation.code)}`);
  const token = signManageLink(reservation);
  if (token) url.searchParams.set("token", token);
  return url.toString();
}
