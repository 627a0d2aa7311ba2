import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { appUrl, getEnv } from "@/lib/env";

/**
 * Links in emails. The manage token is shown once at hold time and stored only hashed, so an email
 * cannot carry it. Instead the link carries an HMAC of the reservation id under a key derived from
 * AUTH_SECRET, sent as the page's `?token=` (`/reservations/<code>?token=…`): the reservation services
 * accept a valid signature wherever they accept the manage token, so a guest without an account can still manage the booking from the
 * email. Nothing new is stored; rotating AUTH_SECRET invalidates every link already sent.
 */
const SIG_BYTES = 24;

let cachedKey: { secret: string; key: Buffer } | null = null;

// Derived rather than the raw secret: AUTH_SECRET also keys Auth.js's cookies and the API tokens.
function linkKey(): Buffer | null {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) return null;
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tablekeep", "manage link v1", 32)) };
  }
  return cachedKey.key;
}

function mac(key: Buffer, reservationId: string): Buffer {
  return createHmac("sha256", key).update(`manage:${reservationId.toLowerCase()}`).digest().subarray(0, SIG_BYTES);
}

/** The signature for a reservation's manage link (base64url), or null when AUTH_SECRET is not set. */
export function signManageLink(reservationId: string): string | null {
  const key = linkKey();
  return key ? mac(key, reservationId).toString("base64url") : null;
}

/** Constant-time check of a `sig` query parameter against a reservation id. */
export function verifyManageLinkSignature(reservationId: string, sig: string | null | undefined): boolean {
  const key = linkKey();
  if (!key || !sig || !/^[A-Za-z0-9_-]{1,64}$/.test(sig)) return false;
  const presented = Buffer.from(sig, "base64url");
  const expected = mac(key, reservationId);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** The reservation page, signed when possible: `${APP_URL}/reservations/<code>?token=<signature>`. */
export function manageLinkFor(reservation: { id: string; code: string }): string {
  // Concatenated, not resolved: APP_URL may carry a base path.
  const url = new URL(`${appUrl().replace(/\/+$/, "")}/reservations/${encodeURIComponent(reservation.code)}`);
  const sig = signManageLink(reservation.id);
  if (sig) url.searchParams.set("token", sig);
  return url.toString();
}
