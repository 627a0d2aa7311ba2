import { hkdfSync } from "node:crypto";
import { getEnv, requireSetting } from "@/lib/env";

/**
 * Keys for the product's own signatures and seals, each derived from AUTH_SECRET for one purpose
 * ("password reset v1") rather than the raw secret: AUTH_SECRET also keys Auth.js's cookies, and a
 * token made for one purpose is worthless for any other. Rotating AUTH_SECRET changes every key at once.
 */
const cache = new Map<string, { secret: string; key: Buffer }>();

function derive(secret: string, purpose: string): Buffer {
  const cached = cache.get(purpose);
  if (cached?.secret === secret) return cached.key;
  const key = Buffer.from(hkdfSync("sha256", secret, "tablekeep", purpose, 32));
  cache.set(purpose, { secret, key });
  return key;
}

/** The 32-byte key for `purpose`; throws when AUTH_SECRET is not set. */
export function derivedKey(purpose: string): Buffer {
  return derive(requireSetting("AUTH_SECRET"), purpose);
}

/** The same, or null when AUTH_SECRET is not set (for links that are simply left out without it). */
export function derivedKeyIfConfigured(purpose: string): Buffer | null {
  const secret = getEnv().AUTH_SECRET;
  return secret ? derive(secret, purpose) : null;
}
