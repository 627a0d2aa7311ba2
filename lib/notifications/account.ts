import { createElement, type ReactElement } from "react";
import { render } from "@react-email/render";
import { eq } from "drizzle-orm";
import PasswordReset, { passwordResetSubject } from "@/components/emails/password-reset";
import VerifyEmail, { verifyEmailSubject } from "@/components/emails/verify-email";
import type { DbOrTx } from "@/db/client";
import { notifications, users, type Notification } from "@/db/schema";
import { PASSWORD_RESET_TTL_SECONDS, passwordResetLinkFor } from "@/lib/auth/password-reset";
import { signVerification, VERIFICATION_TTL_SECONDS } from "@/lib/auth/verification";
import { appUrl, getEnv } from "@/lib/env";
import type { OutgoingEmail } from "./render";

/**
 * Account emails go through the same outbox as reservation emails (a `notifications` row naming the
 * user, claimed and sent once under its idempotency key). Queue in the transaction that makes the
 * change; the dispatcher calls `prepareAccountEmail` when it sends.
 */
export async function queueVerificationEmail(db: DbOrTx, user: { id: string; email: string }): Promise<string> {
  const [row] = await db
    .insert(notifications)
    .values({ userId: user.id, kind: "verify_email", toEmail: user.email })
    .returning({ id: notifications.id });
  return row!.id;
}

/** The link in a verification email; fixed by the row, so every attempt renders the same message. */
export function verificationLinkFor(row: Pick<Notification, "userId" | "toEmail" | "createdAt">): string {
  const token = signVerification({
    userId: row.userId!,
    email: row.toEmail ?? "",
    expiresAt: new Date(row.createdAt.getTime() + VERIFICATION_TTL_SECONDS * 1000),
  });
  return `${appUrl().replace(/\/+$/, "")}/verify-email?token=${encodeURIComponent(token)}`;
}

export type PreparedEmail = { send: OutgoingEmail } | { skip: string };

/** Builds an account email for its row, or says why it should no longer go out. */
export async function prepareAccountEmail(db: DbOrTx, row: Notification, now: Date = new Date()): Promise<PreparedEmail> {
  if (!row.userId || !row.toEmail) return { skip: "The message names no account." };
  const [user] = await db
    .select({ email: users.email, name: users.name, emailVerified: users.emailVerified, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, row.userId))
    .limit(1);
  if (!user) return { skip: "The account no longer exists." };
  if (user.email.toLowerCase() !== row.toEmail.toLowerCase()) return { skip: "The account's address has changed." };
  let subject: string;
  let element;
  if (row.kind === "password_reset") {
    // A link that could no longer work is not worth sending (an outage held the message back).
    if (now.getTime() >= row.createdAt.getTime() + PASSWORD_RESET_TTL_SECONDS * 1000) return { skip: "The reset link would have expired." };
    subject = passwordResetSubject;
    element = createElement(PasswordReset, { name: user.name, resetUrl: passwordResetLinkFor(appUrl(), { userId: row.userId, createdAt: row.createdAt }, user.passwordHash) });
  } else {
    if (user.emailVerified) return { skip: "The address is already verified." };
    subject = verifyEmailSubject;
    element = createElement(VerifyEmail, { name: user.name, confirmUrl: verificationLinkFor(row) });
  }
  return { send: await renderedEmail(row, user.email, subject, element) };
}

/** A message that is not about a reservation (account, team, a large-party request): no attachments. */
export async function renderedEmail(row: Pick<Notification, "id" | "kind">, to: string | string[], subject: string, element: ReactElement): Promise<OutgoingEmail> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return {
    from: getEnv().EMAIL_FROM,
    to: Array.isArray(to) ? to : [to],
    subject,
    html,
    text,
    attachments: [],
    tags: [
      { name: "kind", value: row.kind },
      { name: "notification_id", value: row.id },
    ],
  };
}
