"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { acceptInvite } from "@/lib/restaurants/staff";

/** Joins the invite's restaurant as the signed-in user (whose email must be the invited one). */
export const acceptInviteAction = action(
  z.object({ token: z.string().min(1).max(200) }),
  async ({ token }, { db, principal }) => acceptInvite(db, principal, token),
  { auth: "required" },
);
