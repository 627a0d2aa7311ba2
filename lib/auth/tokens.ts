import { hkdfSync } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Principal } from "@/lib/auth/principal";
import { requireSetting } from "@/lib/env";

/**
 * API bearer tokens: HS256 JWTs with their own key, type and audience, so an Auth.js session cookie
 * (an encrypted JWE under a different derived key) can never pass as one, nor the reverse.
 */
export const API_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = "tablekeep";
const AUDIENCE = "tablekeep-api";
const TYP = "tablekeep-api+jwt";

let cachedKey: { secret: string; key: Uint8Array } | null = null;

// Derived rather than the raw secret: AUTH_SECRET also keys Auth.js's cookies.
function signingKey(): Uint8Array {
  const secret = requireSetting("AUTH_SECRET");
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: new Uint8Array(hkdfSync("sha256", secret, "tablekeep", "api bearer token v1", 32)) };
  }
  return cachedKey.key;
}

export async function issueApiToken(
  user: { id: string; email: string; name: string | null },
  options: { now?: Date; ttlSeconds?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const exp = iat + (options.ttlSeconds ?? API_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({ email: user.email, name: user.name })
    .setProtectedHeader({ alg: "HS256", typ: TYP })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(signingKey());
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The principal a token names, or null when it is malformed, tampered with, expired or not ours. */
export async function verifyApiToken(token: string, options: { now?: Date } = {}): Promise<Principal | null> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, signingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: TYP,
      currentDate: options.now,
      requiredClaims: ["sub", "exp"],
    });
    if (protectedHeader.typ !== TYP) return null;
    if (typeof payload.sub !== "string" || typeof payload.email !== "string") return null;
    return {
      userId: payload.sub,
      email: payload.email,
      name: typeof payload.name === "string" ? payload.name : null,
    };
  } catch (e) {
    if (e instanceof joseErrors.JOSEError || e instanceof TypeError || e instanceof SyntaxError) return null;
    throw e;
  }
}
