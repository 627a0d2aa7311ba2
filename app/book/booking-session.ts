import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { appUrl, getEnv, requireSetting } from "@/lib/env";

/**
 * The booking session: who holds a table when the diner is not signed in. A random id in a signed,
 * httpOnly cookie, set on the first booking action, so holds belong to a browser, not to an address
 * that an office, a campus or a phone carrier shares. Its id is the holder (`bs:<id>`).
 */
const COOKIE = "tk_booker";
const MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

function signature(id: string): string {
  const secret = requireSetting("AUTH_SECRET");
  return createHmac("sha256", `booking-session:${secret}`).update(id).digest("base64url");
}

/** The id in a cookie value, when its signature is ours. */
export function verifyBookingSession(value: string | undefined): string | null {
  if (!value) return null;
  const [id, sig] = value.split(".");
  if (!id || !sig || !/^[A-Za-z0-9_-]{22,64}$/.test(id)) return null;
  const expected = Buffer.from(signature(id));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/** A new booking session: its id and the signed value that carries it. */
export function mintBookingSession(): { id: string; value: string } {
  const id = randomBytes(18).toString("base64url");
  return { id, value: `${id}.${signature(id)}` };
}

/** This browser's booking session id, creating it (and its cookie) on first use. */
export async function bookingSessionId(): Promise<string> {
  const jar = await cookies();
  const existing = verifyBookingSession(jar.get(COOKIE)?.value);
  if (existing) return existing;
  const { id, value } = mintBookingSession();
  jar.set(COOKIE, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: MAX_AGE_SECONDS,
    secure: getEnv().NODE_ENV === "production" && appUrl().startsWith("https:"),
  });
  return id;
}
