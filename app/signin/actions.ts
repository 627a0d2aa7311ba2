"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { signIn, signOut } from "@/lib/auth/auth";
import { throttleSignIn } from "@/lib/auth/throttle";
import { registerUser } from "@/lib/auth/users";
import { DomainError } from "@/lib/errors";
import { safeNext, signInSchema, signUpSchema } from "./schema";

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
