"use server";

import { action } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { joinWaitlist } from "@/lib/waitlist";
import { joinWaitlistSchema } from "@/lib/waitlist/contract";

/**
 * "Notify me": joins the restaurant's waitlist for a date, party and window of times, as the
 * signed-in diner (their account's address) or a guest with an email.
 */
export const joinWaitlistAction = action(joinWaitlistSchema.safeExtend({ restaurantId: uuid }), async (input, { db, principal, ip }) => {
  const { entry } = await joinWaitlist(db, { restaurant: input.restaurantId, principal, clientAddress: ip, ...input });
  return { id: entry.id, status: entry.status };
});
