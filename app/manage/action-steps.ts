import { refresh } from "next/cache";
import { z } from "zod";
import { action, type ActionContext } from "@/lib/actions";
import type { Principal } from "@/lib/auth/principal";
import { uuid } from "@/lib/contract/common";
import { listReservationsOutsideRules } from "@/lib/restaurants/rule-impact";

/**
 * Steps the owner workspace's server actions share (the actions live in app/manage/*-actions.ts, one
 * file per subdomain). Not a "use server" module: nothing here is callable from the browser.
 */

/** The restaurant an action acts on: a wire field every owner action carries (the service checks membership). */
export const ofRestaurant = { restaurant_id: uuid } as const;

/** An owner action: only for a signed-in caller (the service then checks their role on the restaurant). */
export function ownerAction<S extends z.ZodType, T>(schema: S, fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return action(schema, fn, { auth: "required" });
}

/**
 * Removing one thing of the restaurant named by its id (`idField` on the wire: a table, a closure, a
 * photo, an invite, a member): the service removes it when the caller's role allows, the page is
 * refreshed, and the action answers `answer`.
 */
export function removalAction<K extends string, A>(
  idField: K,
  remove: (db: ActionContext["db"], principal: Principal | null, restaurantId: string, id: string) => Promise<void>,
  answer: A,
) {
  const schema = z.object({ ...ofRestaurant, [idField]: uuid }) as unknown as z.ZodType<Record<"restaurant_id" | K, string>>;
  return ownerAction(schema, async (input, { db, principal }) => {
    await remove(db, principal, input.restaurant_id, input[idField]);
    return refreshed(answer);
  });
}

/** An action's answer once the workspace page should show the change. */
export function refreshed<T>(result: T): T {
  refresh();
  return result;
}

/**
 * After a change to the booking rules (tables, sessions, closures): how many future bookings the rules
 * no longer allow, which the page lists beside the form, and the page refreshed.
 */
export async function afterRulesChange({ db, principal }: ActionContext, restaurantId: string): Promise<{ outsideRules: number }> {
  const outsideRules = (await listReservationsOutsideRules(db, principal, restaurantId)).length;
  return refreshed({ outsideRules });
}
