import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { DbOrTx } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { derivedKey } from "@/lib/security/derived-key";

/**
 * API bearer tokens: HS256 JWTs with their own key, type and audience, so an Auth.js session cookie
 * (an encrypted JWE under a different derived key) can never pass as one, nor the reverse. Each
 * names its `api_tokens` row (jti) and the user's session version (sv) when it was issued; the
 * resolver checks both, so revoking the row or bumping the version ends the token at once.
 */
export const API_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = "tablekeep";
const AUDIENCE = "tablekeep-api";
const TYP = "tablekeep-api+jwt";

function signingKey(): Uint8Array {
  return new Uint8Array(derivedKey("api bearer token v1"));
}

export interface ApiTokenClaims extends Principal {
  /** The api_tokens row; absent only in tokens signed outside `createApiToken` (unit tests). */
  tokenId?: string;
  sessionVersion?: number;
}

/** Signs a token. The app issues tokens with `createApiToken`, which records the row this names. */
export async function issueApiToken(
  user: { id: string; email: string; name: string | null },
  options: { now?: Date; ttlSeconds?: number; tokenId?: string; sessionVersion?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const exp = iat + (options.ttlSeconds ?? API_TOKEN_TTL_SECONDS);
  const claims: Record<string, unknown> = { email: user.email, name: user.name };
  if (options.sessionVersion !== undefined) claims.sv = options.sessionVersion;
  let jwt = new SignJWT(claims);
  if (options.tokenId) jwt = jwt.setJti(options.tokenId);
  const token = await jwt
    .setProtectedHeader({ alg: "HS256", typ: TYP })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(signingKey());
  return { token, expiresAt: new Date(exp * 1000) };
}

/** What a token says, or null when it is malformed, tampered with, expired or not ours (no revocation check). */
export async function verifyApiToken(token: string, options: { now?: Date } = {}): Promise<ApiTokenClaims | null> {
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
    const claims: ApiTokenClaims = {
      userId: payload.sub,
      email: payload.email,
      name: typeof payload.name === "string" ? payload.name : null,
    };
    if (typeof payload.jti === "string") claims.tokenId = payload.jti;
    if (typeof payload.sv === "number") claims.sessionVersion = payload.sv;
    return claims;
  } catch (e) {
    if (e instanceof joseErrors.JOSEError || e instanceof TypeError || e instanceof SyntaxError) return null;
    throw e;
  }
}

/** Issues a token for a user and records it, so its owner can list and revoke it. */
export async function createApiToken(
  db: DbOrTx,
  user: { id: string; email: string; name: string | null },
  options: { now?: Date; ttlSeconds?: number } = {},
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const ttlSeconds = options.ttlSeconds ?? API_TOKEN_TTL_SECONDS;
  const expiresAt = new Date((Math.floor(now.getTime() / 1000) + ttlSeconds) * 1000);
  const [owner] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, user.id)).limit(1);
  if (!owner) throw notFound("User");
  const [row] = await db.insert(apiTokens).values({ userId: user.id, createdAt: now, expiresAt }).returning({ id: apiTokens.id });
  const { token } = await issueApiToken(user, { now, ttlSeconds, tokenId: row!.id, sessionVersion: owner.sessionVersion });
  return { id: row!.id, token, expiresAt };
}

/**
 * The principal for verified claims if the token is still live: its row exists for that user, is
 * not revoked or expired, and the user's session version is the one it was issued under.
 */
export async function liveTokenPrincipal(db: DbOrTx, claims: ApiTokenClaims, now: Date = new Date()): Promise<Principal | null> {
  if (!claims.tokenId) return null;
  const [row] = await db
    .select({ email: users.email, name: users.name, sessionVersion: users.sessionVersion })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.id, claims.tokenId), eq(apiTokens.userId, claims.userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .limit(1);
  if (!row || row.sessionVersion !== (claims.sessionVersion ?? 0)) return null;
  return { userId: claims.userId, email: row.email, name: row.name };
}

export interface ApiTokenSummary {
  id: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The owner's tokens that still work, newest first. */
export async function listApiTokens(db: DbOrTx, userId: string, now: Date = new Date()): Promise<ApiTokenSummary[]> {
  return db
    .select({ id: apiTokens.id, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .orderBy(desc(apiTokens.createdAt))
    .limit(200);
}

/** Revokes one of the owner's tokens; another user's token, or none, is 404 (the same answer). */
export async function revokeApiToken(db: DbOrTx, userId: string, tokenId: string): Promise<void> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw notFound("Token");
}
