"use server";

import { z } from "zod";
import { uuid } from "@/lib/contract/common";
import { offerWaitlistEntry } from "@/lib/waitlist";
import { ofRestaurant, ownerAction } from "./action-steps";

/**
 * The day book's waitlist: a host offers a table to an entry by hand, through the same claim and
 * hold path as the automatic offers (the service checks the member's role). The book's polling query
 * shows the result, so the page is not refreshed.
 */
export const offerWaitlistEntryAction = ownerAction(
  z.object({ ...ofRestaurant, entry_id: uuid }),
  async (input, { db, principal }) => {
    const entry = await offerWaitlistEntry(db, { principal, restaurantId: input.restaurant_id, entryId: input.entry_id });
    return { id: entry.id, status: entry.status };
  },
);
