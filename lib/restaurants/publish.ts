import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { diningTables, restaurants, serviceSessions, type Restaurant } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import { DEFAULT_POLICY, policyOf, updateRestaurant } from "@/lib/restaurants/restaurants";

export interface SetupChecklist {
  activeTables: number;
  onlineTables: number;
  sessions: number;
  /** True once the policy differs from the defaults or the settings were saved after creation. */
  policyReviewed: boolean;
  published: boolean;
  /** What still blocks publishing, as sentences for the owner. */
  missing: string[];
  canPublish: boolean;
}

async function counts(db: DbOrTx, restaurantId: string) {
  const [row] = await db
    .select({
      activeTables: sql<number>`(select count(*) from ${diningTables} where ${diningTables.restaurantId} = ${restaurantId} and ${diningTables.active})`.mapWith(Number),
      onlineTables: sql<number>`(select count(*) from ${diningTables} where ${diningTables.restaurantId} = ${restaurantId} and ${diningTables.active} and ${diningTables.online})`.mapWith(Number),
      sessions: sql<number>`(select count(*) from ${serviceSessions} where ${serviceSessions.restaurantId} = ${restaurantId})`.mapWith(Number),
    })
    .from(restaurants)
    .where(eq(restaurants.id, restaurantId))
    .limit(1);
  if (!row) throw notFound("Restaurant");
  return row;
}

function missingFor(c: { activeTables: number; sessions: number }): string[] {
  const missing: string[] = [];
  if (c.activeTables < 1) missing.push("Add at least one active table.");
  if (c.sessions < 1) missing.push("Add at least one service session.");
  return missing;
}

/** The onboarding checklist: tables, sessions, policy, publish (any member who may see the book). */
export async function getSetupChecklist(db: DbOrTx, principal: Principal | null, restaurantId: string): Promise<SetupChecklist> {
  await requirePermission(db, principal, restaurantId, "book.view");
  const [restaurant] = await db.select().from(restaurants).where(eq(restaurants.id, restaurantId)).limit(1);
  if (!restaurant) throw notFound("Restaurant");
  const c = await counts(db, restaurantId);
  const missing = missingFor(c);
  return {
    ...c,
    policyReviewed: policyDiffersFromDefaults(restaurant) || restaurant.updatedAt.getTime() - restaurant.createdAt.getTime() > 1000,
    published: restaurant.published,
    missing,
    canPublish: missing.length === 0,
  };
}

function policyDiffersFromDefaults(r: Restaurant): boolean {
  const p = policyOf(r);
  return (Object.keys(DEFAULT_POLICY) as (keyof typeof DEFAULT_POLICY)[]).some((k) => p[k] !== DEFAULT_POLICY[k]);
}

/**
 * Publishes a restaurant: it appears in search and takes online bookings. Refused until it has at
 * least one active table and one service session, because diners would find a restaurant with no
 * times to book.
 */
export async function publishRestaurant(db: Db, principal: Principal | null, restaurantId: string): Promise<Restaurant> {
  // updateRestaurant checks the permission and refuses until there is a table and a session.
  return updateRestaurant(db, principal, restaurantId, { published: true });
}

/** Takes a restaurant off search and online booking; existing reservations stay as they are. */
export async function unpublishRestaurant(db: Db, principal: Principal | null, restaurantId: string): Promise<Restaurant> {
  await requirePermission(db, principal, restaurantId, "restaurant.publish");
  return updateRestaurant(db, principal, restaurantId, { published: false });
}

/** Whether a restaurant has what publishing needs (for callers that publish by other paths). */
export async function canPublish(db: DbOrTx, restaurantId: string): Promise<{ ok: boolean; missing: string[] }> {
  const missing = missingFor(await counts(db, restaurantId));
  return { ok: missing.length === 0, missing };
}

