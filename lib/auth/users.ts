import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/password";
import { DomainError, invalidInput, isUniqueViolation, type FieldErrors } from "@/lib/errors";

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
  if (input.password.length < MIN_PASSWORD_LENGTH) fields.password = [`At least ${MIN_PASSWORD_LENGTH} characters.`];
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
  try {
    const [row] = await db
      .insert(users)
      .values({ email, name, passwordHash })
      .returning({ id: users.id, email: users.email, name: users.name });
    return row!;
  } catch (e) {
    if (isUniqueViolation(e)) throw emailTaken();
    throw e;
  }
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
