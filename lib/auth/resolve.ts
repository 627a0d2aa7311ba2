import { getToken, type JWT } from "next-auth/jwt";
import { getDb } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { liveTokenPrincipal, verifyApiToken } from "@/lib/auth/tokens";
import { sessionState } from "@/lib/auth/users";
import { requireSetting } from "@/lib/env";
import { unauthenticated } from "@/lib/errors";

/**
 * Who is asking, in one place for every route handler: a bearer token first, else the Auth.js
 * session cookie, else nobody. A bearer that is present but bad is an error, never a silent
 * fall-back to the cookie or to anonymous, so a client with an expired token learns it.
 */
export async function resolvePrincipal(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null && authorization.trim() !== "") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated("The Authorization header must be `Bearer <token>`.");
    const claims = await verifyApiToken(match[1]!);
    const principal = claims ? await liveTokenPrincipal(getDb(), claims) : null;
    if (!principal) {
      throw unauthenticated("The bearer token is invalid, expired or revoked. Get a new one from POST /api/v1/auth/token.");
    }
    return principal;
  }
  return principalFromSessionCookie(request.headers);
}

/** True when the request would be authenticated by its cookie (used for the cross-origin check). */
export function hasBearer(request: Request): boolean {
  return (request.headers.get("authorization") ?? "").trim() !== "";
}

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * Decodes the Auth.js session JWT from a Cookie header (plain or chunked, secure or not). A cookie
 * issued under an older session version (the user signed out, or changed the password since) or
 * for a user who no longer exists names nobody.
 */
export async function principalFromSessionCookie(headers: Headers): Promise<Principal | null> {
  const cookie = headers.get("cookie");
  if (!cookie || !cookie.includes("authjs.session-token")) return null;
  const secret = requireSetting("AUTH_SECRET");
  // Only the cookie: getToken would otherwise try an Authorization header as a session token.
  const onlyCookie = { headers: new Headers({ cookie }) };
  for (const cookieName of SESSION_COOKIES) {
    const token = (await getToken({
      req: onlyCookie,
      secret,
      cookieName,
      salt: cookieName,
      secureCookie: cookieName.startsWith("__Secure-"),
      logger: { error: () => {}, warn: () => {}, debug: () => {} },
    } as Parameters<typeof getToken>[0])) as JWT | null;
    if (token) {
      const id = typeof token.id === "string" ? token.id : token.sub;
      if (typeof id !== "string" || typeof token.email !== "string") return null;
      const current = await sessionState(getDb(), id);
      if (!current || current.sessionVersion !== sessionVersionOf(token)) return null;
      return { userId: id, email: current.email, name: current.name };
    }
  }
  return null;
}

/** The session version a session JWT was issued under (0 for sessions from before versions existed). */
export function sessionVersionOf(token: JWT): number {
  return typeof token.sv === "number" ? token.sv : 0;
}

/**
 * The signed-in user for server components and server actions (no Request at hand). Loaded lazily
 * so route handlers and tests that only need `resolvePrincipal` do not pull in next-auth's Next glue.
 */
export async function getSessionPrincipal(): Promise<Principal | null> {
  const { auth } = await import("@/lib/auth/auth");
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { userId: user.id, email: user.email, name: user.name ?? null };
}
