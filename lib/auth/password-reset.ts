import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens, notifications, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-policy";
import { adoptGuestBookings } from "@/lib/auth/guest-bookings";
import { invalidInput } from "@/lib/errors";
import { publishEvents } from "@/lib/jobs/events";
import { derivedKey } from "@/lib/security/derived-key";

/**
 * "Forgot password?": an emailed link that sets a new password. The link is a signed statement
 * "account A may set a new password until T", whose signature also covers a fingerprint of the
 * account's current password hash: setting a password changes the hash, so a link works once (and
 * every older link dies with it), without storing anything. It lives an hour.
 */
export const PASSWORD_RESET_TTL_SECONDS = 60 * 60;

/** Which password the link may replace (none yet, for an account made by a sign-in link). */
function fingerprint(passwordHash: string | null): string {
  return createHash("sha256").update(passwordHash ?? "no password").digest("base64url");
}

function mac(payload: string, passwordHash: string | null): Buffer {
  return createHmac("sha256", derivedKey("password reset v1")).update(`${payload}.${fingerprint(passwordHash)}`).digest();
}

export function signPasswordReset(claim: { userId: string; expiresAt: Date; passwordHash: string | null }): string {
  const payload = Buffer.from(JSON.stringify({ u: claim.userId, x: Math.floor(claim.expiresAt.getTime() / 1000) })).toString("base64url");
  return `${payload}.${mac(payload, claim.passwordHash).toString("base64url")}`;
}

/** The account and expiry a token names, unchecked: only for finding the account to check it against. */
function readClaim(token: string): { userId: string; expiresAt: Date; payload: string; sig: string } | null {
  if (token.length > 1000) return null;
  const [payload, sig, extra] = token.split(".");
  if (!payload || !sig || extra !== undefined) return null;
  try {
    const body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u?: unknown; x?: unknown };
    if (typeof body.u !== "string" || !/^[0-9a-f-]{36}$/i.test(body.u) || typeof body.x !== "number") return null;
    return { userId: body.u, expiresAt: new Date(body.x * 1000), payload, sig };
  } catch {
    return null;
  }
}

const badLink = () =>
  invalidInput("This reset link does not work: it has expired, was already used, or is not complete. Ask for a new one.", {
    token: ["Ask for a new reset link."],
  });

/**
 * Queues the reset email when an account has this address; says nothing either way, so the form
 * cannot tell who is registered. The caller throttles.
 */
export async function requestPasswordReset(db: DbOrTx, email: string): Promise<void> {
  const [user] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  if (!user) return;
  const [row] = await db.insert(notifications).values({ userId: user.id, kind: "password_reset", toEmail: user.email }).returning({ id: notifications.id });
  await publishEvents([{ name: "notification/created", data: { id: row!.id, user_id: user.id } }]);
}

/** The account a token is a working link for (signed for its current password, not expired), or null. */
async function accountFor(db: DbOrTx, token: string, now: Date) {
  const claim = readClaim(token);
  if (!claim || claim.expiresAt.getTime() <= now.getTime()) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, claim.userId))
    .limit(1);
  if (!user) return null;
  const given = Buffer.from(claim.sig, "base64url");
  const expected = mac(claim.payload, user.passwordHash);
  return given.length === expected.length && timingSafeEqual(given, expected) ? user : null;
}

/** Whether a token is (still) a working link, for the page to say so before the diner types a password. */
export async function checkPasswordReset(db: DbOrTx, token: string, now: Date = new Date()): Promise<{ email: string } | null> {
  const user = await accountFor(db, token, now);
  return user ? { email: user.email } : null;
}

/**
 * Sets a new password from a reset link: once (the compare-and-set on the old hash decides between
 * two tabs), then ends every session and API token. The link proved the address, so an unconfirmed
 * one is confirmed, and guest bookings made with it join the account.
 */
export async function resetPassword(db: DbOrTx, input: { token: string; password: string }, now: Date = new Date()): Promise<{ email: string }> {
  const user = await accountFor(db, input.token, now);
  if (!user) throw badLink();
  const weak = passwordProblem(input.password, { email: user.email, name: user.name });
  if (weak) throw invalidInput("Choose another password.", { password: [weak] });
  const passwordHash = await hashPassword(input.password);
  const done = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, emailVerified: sql`coalesce(${users.emailVerified}, now())` })
      .where(and(eq(users.id, user.id), user.passwordHash === null ? isNull(users.passwordHash) : eq(users.passwordHash, user.passwordHash)))
      .returning({ id: users.id });
    if (!updated) return false;
    await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)));
    await adoptGuestBookings(tx, user.id, user.email);
    return true;
  });
  if (!done) throw badLink();
  return { email: user.email };
}

/** The link in a reset email: it expires an hour after the request and replaces the password the account has now. */
export function passwordResetLinkFor(baseUrl: string, row: { userId: string; createdAt: Date }, passwordHash: string | null): string {
  const token = signPasswordReset({
    userId: row.userId,
    expiresAt: new Date(row.createdAt.getTime() + PASSWORD_RESET_TTL_SECONDS * 1000),
    passwordHash,
  });
  return `${baseUrl.replace(/\/+$/, "")}/reset-password?token=${encodeURIComponent(token)}`;
}
