import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-policy";
import { readVerification } from "@/lib/auth/verification";
import { adoptGuestBookings } from "@/lib/auth/guest-bookings";
import { DomainError, invalidInput, isUniqueViolation, unauthenticated, type FieldErrors } from "@/lib/errors";
import { publishEvents } from "@/lib/jobs/events";
import { queueVerificationEmail } from "@/lib/notifications/account";

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emailTaken = () =>
  new DomainError("conflict", "An account with this email already exists.", {
    fields: { email: ["An account with this email already exists."] },
  });

/** Creates an account with an Argon2id password hash. The route validated already; actions may not have. */
export async function registerUser(
  db: DbOrTx,
  input: { email: string; password: string; name: string },
): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const fields: FieldErrors = {};
  if (!EMAIL.test(email) || email.length > 254) fields.email = ["Must be an email address."];
  const weak = passwordProblem(input.password, { email, name });
  if (weak) fields.password = [weak];
  if (name.length === 0 || name.length > 120) fields.name = ["Required, at most 120 characters."];
  if (Object.keys(fields).length > 0) throw invalidInput("Some fields need attention.", fields);

  // A cheap check first so a taken email does not cost a password hash; the unique index decides races.
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (existing.length > 0) throw emailTaken();

  const passwordHash = await hashPassword(input.password);
  let created: { user: PublicUser; notificationId: string };
  try {
    // The account and the email asking its address's owner to confirm it commit together.
    created = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ email, name, passwordHash })
        .returning({ id: users.id, email: users.email, name: users.name });
      return { user: row!, notificationId: await queueVerificationEmail(tx, row!) };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw emailTaken();
    throw e;
  }
  await publishEvents([{ name: "notification/created", data: { id: created.notificationId, user_id: created.user.id } }]);
  return created.user;
}

/**
 * Confirms the address a verification link was sent to. Only for the account and address the link
 * names, and only while the account still has that address; confirming keeps the password, and the
 * guest bookings made with that address join the account.
 */
export async function verifyEmail(db: DbOrTx, token: string, now: Date = new Date()): Promise<{ email: string; already: boolean }> {
  const claim = readVerification(token, now);
  const invalid = () => invalidInput("This confirmation link is not valid or has expired. Sign in and ask for a new one.");
  if (!claim) throw invalid();
  // Confirmed, and the guest bookings made with the address join the account, together.
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ emailVerified: now })
      .where(and(eq(users.id, claim.userId), sql`lower(${users.email}) = ${claim.email}`, isNull(users.emailVerified)))
      .returning({ email: users.email });
    if (row) await adoptGuestBookings(tx, claim.userId, row.email);
    return row;
  });
  if (updated) return { email: updated.email, already: false };
  const [current] = await db
    .select({ email: users.email, emailVerified: users.emailVerified })
    .from(users)
    .where(and(eq(users.id, claim.userId), sql`lower(${users.email}) = ${claim.email}`))
    .limit(1);
  if (current?.emailVerified) return { email: current.email, already: true };
  throw invalid();
}

/** Queues another verification email for a signed-in account whose address is not confirmed yet. */
export async function resendVerification(db: DbOrTx, userId: string): Promise<{ email: string } | null> {
  const current = await sessionState(db, userId);
  if (!current || current.emailVerified) return null;
  const id = await queueVerificationEmail(db, { id: userId, email: current.email });
  await publishEvents([{ name: "notification/created", data: { id, user_id: userId } }]);
  return { email: current.email };
}

/**
 * A sign-in link proves the address but says nothing about who chose the password. When one signs
 * into an account whose address was never confirmed, whoever registered it may not own the address
 * (account pre-hijacking): the password is removed and every session and API token is ended, so the
 * account belongs to the address's owner alone. Call before the link's sign-in is completed.
 */
export async function claimUnverifiedAccount(db: DbOrTx, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(users)
      .set({ passwordHash: null, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, userId), isNull(users.emailVerified)))
      .returning({ id: users.id });
    if (claimed.length === 0) return false;
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    return true;
  });
}

/** Changes the password (the current one must be given) and ends every session and token. */
export async function changePassword(
  db: DbOrTx,
  userId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [row] = await db
    .select({ email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw unauthenticated();
  // An account without a password (made by a sign-in link) sets its first one without a current one.
  if (row.passwordHash && !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw invalidInput("The current password is not right.", { current_password: ["The current password is not right."] });
  }
  const weak = passwordProblem(input.newPassword, { email: row.email, name: row.name });
  if (weak) throw invalidInput("Choose another password.", { new_password: [weak] });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await revokeAllSessions(tx, userId);
  });
}

/** The user for this email and password, or null; a missing account costs as long as a wrong password. */
export async function authenticate(db: DbOrTx, email: string, password: string): Promise<PublicUser | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = ${normaliseEmail(email)}`)
    .limit(1);
  const ok = await verifyPassword(row?.passwordHash, password);
  if (!row || !ok) return null;
  return { id: row.id, email: row.email, name: row.name };
}

export async function getUser(db: DbOrTx, id: string): Promise<PublicUser | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

/** What a session or token is checked against on every request. */
export async function sessionState(
  db: DbOrTx,
  id: string,
): Promise<{ email: string; name: string | null; sessionVersion: number; emailVerified: Date | null } | null> {
  const [row] = await db
    .select({ email: users.email, name: users.name, sessionVersion: users.sessionVersion, emailVerified: users.emailVerified })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

/**
 * Ends every session and API token the user has: bumps the session version they all carry and
 * marks the tokens revoked (so the owner's list shows what is left). Sign-out and password
 * changes call this.
 */
export async function revokeAllSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  });
}
