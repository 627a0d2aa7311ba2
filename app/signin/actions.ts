"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { isMagicLinkEnabled, signIn, signOut } from "@/lib/auth/auth";
import { safeNext } from "@/lib/auth/redirect";
import { throttleMagicLink, throttleRegister } from "@/lib/auth/throttle";
import { registerUser } from "@/lib/auth/users";
import { DomainError } from "@/lib/errors";
import { landingAfterSignIn } from "@/lib/restaurants/landing";
import { magicLinkSchema, signInSchema, signUpSchema } from "./schema";

const wrongCredentials = () =>
  new DomainError("unauthenticated", "That email and password do not match an account.", {
    fields: { password: ["Check your email and password and try again."] },
  });

const tooManyAttempts = () =>
  new DomainError("rate_limited", "Too many sign-in attempts. Wait a minute and try again.", { retryAfter: 60 });

/** Auth.js signals a refused sign-in with an error whose type is CredentialsSignin (code says why). */
function refusal(e: unknown): DomainError | null {
  const err = e as { type?: unknown; name?: unknown; code?: unknown } | null;
  if (!err || (err.type !== "CredentialsSignin" && err.name !== "CredentialsSignin")) return null;
  return err.code === "rate_limited" ? tooManyAttempts() : wrongCredentials();
}

// The password is checked (and throttled) in the Credentials provider's `authorize`, not here, so
// this form and Auth.js's own endpoint count attempts the same way and each attempt counts once.
async function signInWithPassword(email: string, password: string): Promise<void> {
  let url: unknown;
  try {
    // redirect: false sets the session cookie and returns; the page navigates on success.
    url = await signIn("credentials", { email, password, redirect: false });
  } catch (e) {
    throw refusal(e) ?? e;
  }
  if (typeof url === "string" && /[?&]error=/.test(url)) {
    throw /[?&]code=rate_limited(&|$)/.test(url) ? tooManyAttempts() : wrongCredentials();
  }
}

export const signInAction = action(signInSchema, async (input, { db }) => {
  await signInWithPassword(input.email, input.password);
  return { next: await landingAfterSignIn(db, input.email, safeNext(input.next)) };
});

/**
 * Emails a one-time sign-in link (creating the account on first use). The answer is the same
 * whether or not the address has an account, so the form does not reveal who is registered.
 */
export const magicLinkAction = action(magicLinkSchema, async (input, { ip }) => {
  if (!isMagicLinkEnabled()) throw new DomainError("not_found", "Sign-in links are not available here. Use your password.");
  // Auth.js's own endpoint for this is throttled the same way in lib/auth/routes.ts.
  await throttleMagicLink({ ip, email: input.email });
  const notSent = () => new DomainError("unavailable", "We could not send the email just now. Please try again in a minute.");
  let url: unknown;
  try {
    // redirect: false returns Auth.js's next URL instead of throwing Next's redirect through action().
    url = await signIn("resend", { email: input.email, redirectTo: safeNext(input.next), redirect: false });
  } catch (e) {
    // Auth.js throws its own errors (a failed send is EmailSignInError); it has logged the cause.
    if (typeof (e as { type?: unknown } | null)?.type === "string") throw notSent();
    throw e;
  }
  if (typeof url === "string" && /[?&]error=/.test(url)) throw notSent();
  return { sent: true as const };
});

export const signUpAction = action(signUpSchema, async (input, { db, ip }) => {
  await throttleRegister({ ip });
  await registerUser(db, { email: input.email, password: input.password, name: input.name });
  await signInWithPassword(input.email, input.password);
  return { next: safeNext(input.next) };
});

export const signOutAction = action(z.object({}), async () => {
  await signOut({ redirect: false });
  return { next: "/" };
});
