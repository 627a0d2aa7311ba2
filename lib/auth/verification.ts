import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "@/lib/security/derived-key";

/**
 * The token in an email-verification link: the account, the address it proves and an expiry,
 * signed with a key derived from AUTH_SECRET. Stateless, so the outbox can render the same link on
 * every attempt; it only ever verifies the address it names, and only while the account still has it.
 */
export const VERIFICATION_TTL_SECONDS = 3 * 24 * 60 * 60;

export interface VerificationClaim {
  userId: string;
  email: string;
  expiresAt: Date;
}

function mac(payload: string): Buffer {
  return createHmac("sha256", derivedKey("email verification v1")).update(payload).digest();
}

export function signVerification(claim: VerificationClaim): string {
  const payload = Buffer.from(
    JSON.stringify({ u: claim.userId, e: claim.email.trim().toLowerCase(), x: Math.floor(claim.expiresAt.getTime() / 1000) }),
  ).toString("base64url");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/** The claim a token carries, or null when it is malformed, tampered with or expired. */
export function readVerification(token: string, now: Date = new Date()): VerificationClaim | null {
  if (token.length > 1000) return null;
  const [payload, sig, extra] = token.split(".");
  if (!payload || !sig || extra !== undefined) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u?: unknown; e?: unknown; x?: unknown };
    if (typeof body.u !== "string" || typeof body.e !== "string" || typeof body.x !== "number") return null;
    if (body.x * 1000 <= now.getTime()) return null;
    return { userId: body.u, email: body.e, expiresAt: new Date(body.x * 1000) };
  } catch {
    return null;
  }
}
