"use server";

import { snakeCaseBody } from "@/lib/contract/wire";
import { createClosure, deleteClosure } from "@/lib/restaurants/closures";
import { closureSchema } from "@/lib/restaurants/contract";
import { afterRulesChange, ofRestaurant, ownerAction, removalAction } from "./action-steps";

/** Closures (days the restaurant is shut). A new one reports the bookings that fall on it. */

export const createClosureAction = ownerAction(
  snakeCaseBody(closureSchema, ofRestaurant),
  async ({ restaurantId, ...closure }, ctx) => {
    await createClosure(ctx.db, ctx.principal, restaurantId, closure);
    return afterRulesChange(ctx, restaurantId);
  },
);

export const deleteClosureAction = removalAction("closure_id", deleteClosure, { deleted: true });
