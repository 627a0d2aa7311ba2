"use server";

import { z } from "zod";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { sessionCreateSchema, sessionPatchSchema } from "@/lib/restaurants/contract";
import { createSession, deleteSession, updateSession } from "@/lib/restaurants/sessions";
import { afterRulesChange, ofRestaurant, ownerAction } from "./action-steps";

/** Service sessions (when the restaurant takes bookings). Each change reports the bookings it strands. */

const sessionRef = { ...ofRestaurant, session_id: uuid };

export const createSessionAction = ownerAction(
  snakeCaseBody(sessionCreateSchema, ofRestaurant),
  async ({ restaurantId, ...session }, ctx) => {
    const row = await createSession(ctx.db, ctx.principal, restaurantId, session);
    return { id: row.id, ...(await afterRulesChange(ctx, restaurantId)) };
  },
);

export const updateSessionAction = ownerAction(
  snakeCaseBody(sessionPatchSchema, sessionRef),
  async ({ restaurantId, sessionId, ...patch }, ctx) => {
    await updateSession(ctx.db, ctx.principal, restaurantId, sessionId, patch);
    return afterRulesChange(ctx, restaurantId);
  },
);

export const deleteSessionAction = ownerAction(
  z.object(sessionRef),
  async ({ restaurant_id, session_id }, ctx) => {
    await deleteSession(ctx.db, ctx.principal, restaurant_id, session_id);
    return afterRulesChange(ctx, restaurant_id);
  },
);
