"use server";

import { action } from "@/lib/actions";
import { forgotPasswordSchema, resetPasswordSchema } from "@/app/signin/schema";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { throttlePasswordReset } from "@/lib/auth/throttle";

/** Emails a reset link if an account has the address; the answer is the same either way. */
export const requestPasswordResetAction = action(forgotPasswordSchema, async (input, { db, ip }) => {
  await throttlePasswordReset({ ip, email: input.email });
  await requestPasswordReset(db, input.email);
  return { sent: true as const };
});

/** Sets the new password from the link; every session ends, so the diner signs in again with it. */
export const resetPasswordAction = action(resetPasswordSchema, async (input, { db }) => {
  const { email } = await resetPassword(db, { token: input.token, password: input.password });
  return { email };
});
