import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import type { Principal } from "@/lib/auth/principal";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { isDomainError } from "@/lib/errors";
import { can, type Permission } from "@/lib/restaurants/access";
import { getRestaurantForMember } from "@/lib/restaurants/restaurants";

type Membership = Awaited<ReturnType<typeof getRestaurantForMember>>;
type Restaurant = Membership["restaurant"];
type MemberRole = Membership["role"];

export type Workspace =
  | { allowed: true; principal: Principal; restaurant: Restaurant; role: MemberRole }
  | { allowed: false; principal: Principal; restaurant: Restaurant; role: MemberRole; permission: Permission };

/** Where the sign-in page sends the user back to afterwards. */
export function signInPath(back: string): string {
  return `/signin?next=${encodeURIComponent(back)}`;
}

/** The signed-in user, or a redirect to sign in (and back to `back`). */
export async function requireSignedIn(back: string): Promise<Principal> {
  const principal = await getSessionPrincipal();
  if (!principal) redirect(signInPath(back));
  return principal;
}

/**
 * Every workspace page starts here, on the server: not signed in → sign-in page; not a member of this
 * restaurant (or no such restaurant) → 404, so nobody learns which slugs exist; a member whose role
 * lacks the page's permission gets `allowed: false` and the page says so.
 */
export async function loadWorkspace(slug: string, permission: Permission, back: string): Promise<Workspace> {
  const principal = await requireSignedIn(back);
  try {
    const { restaurant, role } = await getRestaurantForMember(getDb(), principal, slug, "book.view");
    if (!can(role, permission)) return { allowed: false, principal, restaurant, role, permission };
    return { allowed: true, principal, restaurant, role };
  } catch (e) {
    if (isDomainError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    if (isDomainError(e) && e.code === "unauthenticated") redirect(signInPath(back));
    throw e;
  }
}
