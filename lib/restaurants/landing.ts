import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { restaurantMembers, users } from "@/db/schema";

/** Where a browser goes after signing in when nothing asked for a page (the `/me` default). */
export const DEFAULT_LANDING = "/me";

/**
 * The landing page after sign-in: someone who runs a restaurant (owner or manager) lands on the
 * workspace, everyone else (diners, hosts, who see the book from there) on their reservations. A
 * page the sign-in link asked for is kept.
 */
export async function landingAfterSignIn(db: DbOrTx, email: string, next: string): Promise<string> {
  if (next !== DEFAULT_LANDING) return next;
  const [runs] = await db
    .select({ one: sql<number>`1` })
    .from(restaurantMembers)
    .innerJoin(users, eq(users.id, restaurantMembers.userId))
    .where(and(eq(sql`lower(${users.email})`, email.trim().toLowerCase()), inArray(restaurantMembers.role, ["owner", "manager"])))
    .limit(1);
  return runs ? "/manage" : next;
}
