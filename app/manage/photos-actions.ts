"use server";

import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { restaurantPhotoPatchSchema } from "@/lib/restaurants/contract";
import { removeRestaurantPhoto, updateRestaurantPhoto } from "@/lib/restaurants/photos";
import { ofRestaurant, ownerAction, refreshed, removalAction } from "./action-steps";

/**
 * Moving, describing and removing uploaded photos: the same service as the API's PATCH and DELETE
 * (the upload itself goes to the API's multipart route, too large for an action). The role check is
 * the service's.
 */
export const updatePhotoAction = ownerAction(
  snakeCaseBody(restaurantPhotoPatchSchema, { ...ofRestaurant, photo_id: uuid }),
  async ({ restaurantId, photoId, ...patch }, { db, principal }) => {
    await updateRestaurantPhoto(db, principal, restaurantId, photoId, patch);
    return refreshed({ saved: true });
  },
);

export const removePhotoAction = removalAction("photo_id", removeRestaurantPhoto, { removed: true });
