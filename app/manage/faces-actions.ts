"use server";

import { snakeCaseBody } from "@/lib/contract/wire";
import { restaurantFacesSchema } from "@/lib/restaurants/contract";
import { updateRestaurant } from "@/lib/restaurants/restaurants";
import { ofRestaurant, ownerAction, refreshed } from "./action-steps";

/**
 * How diners reach and recognise the restaurant: phone, website, menu, map pin and photos. The same
 * service and contract as the API's PATCH; the role check is the service's.
 */
export const updateFacesAction = ownerAction(
  snakeCaseBody(restaurantFacesSchema, ofRestaurant),
  async ({ restaurantId, ...faces }, { db, principal }) => {
    await updateRestaurant(db, principal, restaurantId, faces);
    return refreshed({ saved: true });
  },
);
