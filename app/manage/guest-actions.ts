"use server";

import { z } from "zod";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { guestLookupSchema, guestProfileUpdateSchema } from "@/lib/guests/contract";
import { getGuestSummaryForReservation, lookupGuests, updateGuestProfile } from "@/lib/guests";
import { ofRestaurant, ownerAction } from "./action-steps";

/** Guests: the phone form's look-up, the book's guest summary, and what staff write on a profile. */

export const lookupGuestsAction = ownerAction(
  snakeCaseBody(guestLookupSchema, ofRestaurant),
  async ({ restaurantId, ...contact }, { db, principal }) => lookupGuests(db, principal, restaurantId, contact),
);

export const guestSummaryAction = ownerAction(
  z.object({ ...ofRestaurant, reservation_id: uuid }),
  async ({ restaurant_id, reservation_id }, { db, principal }) => getGuestSummaryForReservation(db, principal, restaurant_id, reservation_id),
);

export const updateGuestProfileAction = ownerAction(
  snakeCaseBody(guestProfileUpdateSchema, ofRestaurant),
  async ({ restaurantId, guestKey, ...profile }, { db, principal }) => updateGuestProfile(db, principal, restaurantId, guestKey, profile),
);
