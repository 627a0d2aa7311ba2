import { cookies } from "next/headers";
import { appUrl, getEnv } from "@/lib/env";

/**
 * The guest's manage token, carried between pages without ever reaching client JavaScript: holdTable
 * returns it once, the hold action stores it in an httpOnly cookie named after the reservation, and
 * the booking, confirmation and manage pages read it back. A manage link (`?token=`) works too.
 */
const PREFIX = "tk_manage_";
/** Long enough to manage a booking made up to the longest booking window ahead. */
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export function manageCookieName(code: string): string {
  return `${PREFIX}${code.toUpperCase()}`;
}

export async function storeManageToken(code: string, token: string): Promise<void> {
  const jar = await cookies();
  jar.set(manageCookieName(code), token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: MAX_AGE_SECONDS,
    secure: getEnv().NODE_ENV === "production" && appUrl().startsWith("https:"),
  });
}

/** The token from a link when one was given, else the one this browser stored at hold time. */
export async function readManageToken(code: string, fromLink?: string | null): Promise<string | null> {
  if (fromLink && /^[A-Za-z0-9_-]{16,128}$/.test(fromLink)) return fromLink;
  const jar = await cookies();
  return jar.get(manageCookieName(code))?.value ?? null;
}

/** The shareable manage link for a reservation. */
export function manageLink(code: string, token: string | null): string {
  const path = `/reservations/${encodeURIComponent(code)}`;
  return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}

export function absoluteUrl(path: string): string {
  return new URL(path, appUrl()).toString();
}
