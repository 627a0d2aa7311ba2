"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { createClosure, deleteClosure } from "@/lib/restaurants/closures";
import { closureSchema } from "@/lib/restaurants/contract";
import { afterRulesChange, ofRestaurant, refreshed } from "./action-steps";

/** Closures (days the restaurant is shut). A new one reports the bookings that fall on it. */

export const createClosureAction = action(
  snakeCaseBody(closureSchema, ofRestaurant),
  async ({ restaurantId, ...closure }, ctx) => {
    await createClosure(ctx.db, ctx.principal, restaurantId, closure);
    return afterRulesChange(ctx, restaurantId);
  },
  { auth: "required" },
);

export const deleteClosureAction = action(
  z.object({ ...ofRestaurant, closure_id: uuid }),
  async ({ restaurant_id, closure_id }, { db, principal }) => {
    await deleteClosure(db, principal, restaurant_id, closure_id);
    return refreshed({ deleted: true });
  },
  { auth: "required" },
);
