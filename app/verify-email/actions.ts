"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { throttleMagicLink } from "@/lib/auth/throttle";
import { resendVerification, verifyEmail } from "@/lib/auth/users";

/** Confirms the address in a verification link (a button press, never the link alone: mail scanners follow links). */
export const confirmEmailAction = action(z.object({ token: z.string().min(1).max(1000) }), async ({ token }, { db }) => verifyEmail(db, token));

/** Sends the signed-in account another verification email (limited like sign-in links). */
export const resendVerificationAction = action(
  z.object({}),
  async (_input, { db, principal, ip }) => {
    await throttleMagicLink({ ip, email: principal!.email });
    return { sent: (await resendVerification(db, principal!.userId)) !== null };
  },
  { auth: "required" },
);
