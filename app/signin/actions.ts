"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { isMagicLinkEnabled, signIn, signOut } from "@/lib/auth/auth";
import { throttleSignIn } from "@/lib/auth/throttle";
import { registerUser } from "@/lib/auth/users";
import { DomainError } from "@/lib/errors";
import { magicLinkSchema, safeNext, signInSchema, signUpSchema } from "./schema";

const wrongCredentials = () =>
  new DomainError("unauthenticated", "That email and password do not match an account.", {
    fields: { password: ["Check your email and password and try again."] },
  });

/** Auth.js signals a refused sign-in with an error whose type is CredentialsSignin. */
function isRefusedSignIn(e: unknown): boolean {
  const err = e as { type?: unknown; name?: unknown } | null;
  return Boolean(err && (err.type === "CredentialsSignin" || err.name === "CredentialsSignin"));
}

async function signInWithPassword(email: string, password: string): Promise<void> {
  try {
    // redirect: false sets the session cookie and returns; the page navigates on success.
    const url = await signIn("credentials", { email, password, redirect: false });
    if (typeof url === "string" && /[?&]error=/.test(url)) throw wrongCredentials();
  } catch (e) {
    if (isRefusedSignIn(e)) throw wrongCredentials();
    throw e;
  }
}

export const signInAction = action(signInSchema, async (input, { ip }) => {
  await throttleSignIn({ ip, email: input.email });
  await signInWithPassword(input.email, input.password);
  return { next: safeNext(input.next) };
});

/**
 * Emails a one-time sign-in link (creating the account on first use). The answer is the same
 * whether or not the address has an account, so the form does not reveal who is registered.
 */
export const magicLinkAction = action(magicLinkSchema, async (input, { ip }) => {
  if (!isMagicLinkEnabled()) throw new DomainError("not_found", "Sign-in links are not available here. Use your password.");
  await throttleSignIn({ ip, email: input.email });
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
  await throttleSignIn({ ip, email: input.email });
  await registerUser(db, { email: input.email, password: input.password, name: input.name });
  await signInWithPassword(input.email, input.password);
  return { next: safeNext(input.next) };
});

export const signOutAction = action(z.object({}), async () => {
  await signOut({ redirect: false });
  return { next: "/" };
});
