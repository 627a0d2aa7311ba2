"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { guestLookupSchema, guestProfileUpdateSchema } from "@/lib/guests/contract";
import { getGuestSummaryForReservation, lookupGuests, updateGuestProfile } from "@/lib/guests";
import { ofRestaurant } from "./action-steps";

/** Guests: the phone form's look-up, the book's guest summary, and what staff write on a profile. */

export const lookupGuestsAction = action(
  snakeCaseBody(guestLookupSchema, ofRestaurant),
  async ({ restaurantId, ...contact }, { db, principal }) => lookupGuests(db, principal, restaurantId, contact),
  { auth: "required" },
);

export const guestSummaryAction = action(
  z.object({ ...ofRestaurant, reservation_id: uuid }),
  async ({ restaurant_id, reservation_id }, { db, principal }) => getGuestSummaryForReservation(db, principal, restaurant_id, reservation_id),
  { auth: "required" },
);

export const updateGuestProfileAction = action(
  snakeCaseBody(guestProfileUpdateSchema, ofRestaurant),
  async ({ restaurantId, guestKey, ...profile }, { db, principal }) => updateGuestProfile(db, principal, restaurantId, guestKey, profile),
  { auth: "required" },
);
