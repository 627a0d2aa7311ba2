import { refresh } from "next/cache";
import type { ActionContext } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { listReservationsOutsideRules } from "@/lib/restaurants/rule-impact";

/**
 * Steps the owner workspace's server actions share (the actions live in app/manage/*-actions.ts, one
 * file per subdomain). Not a "use server" module: nothing here is callable from the browser.
 */

/** The restaurant an action acts on: a wire field every owner action carries (the service checks membership). */
export const ofRestaurant = { restaurant_id: uuid } as const;

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
