import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { restaurantMembers, type MemberRole } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { DomainError, notFound, unauthenticated } from "@/lib/errors";

/** What each role may do (DESIGN: owner all; manager all but staff and deleting; host the day's book). */
export const PERMISSIONS = {
  "restaurant.update": ["owner", "manager"],
  "restaurant.delete": ["owner"],
  "restaurant.publish": ["owner", "manager"],
  "floor.manage": ["owner", "manager"],
  "sessions.manage": ["owner", "manager"],
  "closures.manage": ["owner", "manager"],
  "staff.manage": ["owner"],
  "book.view": ["owner", "manager", "host"],
  "book.manage": ["owner", "manager", "host"],
  "reports.view": ["owner", "manager"],
  "reviews.reply": ["owner", "manager"],
  // Guests: everyone on the floor sees a guest's profile and adds allergies, tags and notes on the
  // night; taking the whole list away as a file is for owners and managers.
  "guests.view": ["owner", "manager", "host"],
  "guests.edit": ["owner", "manager", "host"],
  "guests.export": ["owner", "manager"],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export async function getMemberRole(db: DbOrTx, restaurantId: string, userId: string): Promise<MemberRole | null> {
  const rows = await db
    .select({ role: restaurantMembers.role })
    .from(restaurantMembers)
    .where(and(eq(restaurantMembers.restaurantId, restaurantId), eq(restaurantMembers.userId, userId)))
    .limit(1);
  return rows[0]?.role ?? null;
}

/**
 * Throws unless the principal is a member of the restaurant with a role that has the permission.
 * A non-member gets not_found (the restaurant's private parts are not visible to them); a member
 * without the permission gets forbidden.
 */
export async function requirePermission(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  permission: Permission,
): Promise<MemberRole> {
  if (!principal) throw unauthenticated();
  const role = await getMemberRole(db, restaurantId, principal.userId);
  if (!role) throw notFound("Restaurant");
  if (!(PERMISSIONS[permission] as readonly MemberRole[]).includes(role)) {
    throw new DomainError("forbidden", `Your role (${role}) does not allow this.`);
  }
  return role;
}

export function can(role: MemberRole | null, permission: Permission): boolean {
  return role !== null && (PERMISSIONS[permission] as readonly MemberRole[]).includes(role);
}
