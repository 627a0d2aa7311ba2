"use server";

import { z } from "zod";
import { snakeCaseBody } from "@/lib/contract/wire";
import { fullPolicySchema, restaurantCreateSchema, restaurantPatchSchema } from "@/lib/restaurants/contract";
import { publishRestaurant, unpublishRestaurant } from "@/lib/restaurants/publish";
import { createRestaurant, updateRestaurant } from "@/lib/restaurants/restaurants";
import { ofRestaurant, ownerAction, refreshed } from "./action-steps";

/**
 * The restaurant itself: onboarding, its profile, its booking policy, publishing. Like every owner
 * action, each goes through `action()` (session principal, zod) to one service that checks the
 * caller's role on the restaurant; field names are the API's snake_case, so errors land on inputs.
 */

export const createRestaurantAction = ownerAction(
  snakeCaseBody(restaurantCreateSchema),
  async (input, { db, principal }) => {
    const r = await createRestaurant(db, principal, input);
    return { id: r.id, slug: r.slug };
  },
);

export const updateProfileAction = ownerAction(
  snakeCaseBody(restaurantPatchSchema, ofRestaurant),
  async ({ restaurantId, ...patch }, { db, principal }) => refreshed({ slug: (await updateRestaurant(db, principal, restaurantId, patch)).slug }),
);

export const updatePolicyAction = ownerAction(
  snakeCaseBody(fullPolicySchema, ofRestaurant),
  async ({ restaurantId, ...policy }, { db, principal }) => {
    await updateRestaurant(db, principal, restaurantId, { policy });
    return refreshed({ saved: true });
  },
);

export const setPublishedAction = ownerAction(
  z.object({ ...ofRestaurant, published: z.boolean() }),
  async ({ restaurant_id, published }, { db, principal }) => {
    const r = published ? await publishRestaurant(db, principal, restaurant_id) : await unpublishRestaurant(db, principal, restaurant_id);
    return refreshed({ published: r.published });
  },
);
