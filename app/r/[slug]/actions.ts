"use server";

import { action } from "@/lib/actions";
import { findNextAvailableDate, nextAvailableSchema } from "@/lib/availability/next-available";

/** The first later date with a free seating for the party, for a day that has none. Public, like availability. */
export const nextAvailableAction = action(nextAvailableSchema, (input, { db, principal }) =>
  findNextAvailableDate(db, { ...input, principal }),
);
