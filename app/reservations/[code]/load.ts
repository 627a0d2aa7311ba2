import { readManageToken } from "@/app/book/manage-token";
import { getDb } from "@/lib/db";
import type { Principal } from "@/lib/auth/principal";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { isDomainError } from "@/lib/errors";
import { getReservation, type ReservationView } from "@/lib/reservations";
import { reservationCode } from "@/lib/reservations/contract";
import { getRestaurant } from "@/lib/restaurants/restaurants";

type Restaurant = Awaited<ReturnType<typeof getRestaurant>>;

export type ManagedReservation =
  | {
      ok: true;
      view: ReservationView;
      restaurant: Restaurant;
      principal: Principal | null;
      /** The manage token this request proved access with (link or cookie), if any. */
      token: string | null;
      /** True when the token came from the page's own `?token=`. */
      tokenFromLink: boolean;
    }
  | {
      ok: false;
      signedIn: boolean;
      /** A genuine email link that no longer works: past its expiry, or older than a change or cancel. */
      link?: "expired" | "stale";
    };

/**
 * A reservation for the manage, confirmation and calendar routes, authorised by the service: the
 * signed-in diner who made it (or the restaurant's staff), or a manage token from the link or from
 * this browser's cookie. Anyone else gets `ok: false` and learns nothing about it.
 */
export async function loadManagedReservation(codeParam: string, tokenParam?: string | string[] | null): Promise<ManagedReservation> {
  const principal = await getSessionPrincipal();
  const parsed = reservationCode.safeParse(codeParam);
  if (!parsed.success) return { ok: false, signedIn: principal !== null };
  const code = parsed.data;
  const fromLink = Array.isArray(tokenParam) ? tokenParam[0] : tokenParam;
  const token = await readManageToken(code, fromLink);
  const db = getDb();
  try {
    const view = await getReservation(db, { reservationId: code, access: { principal, manageToken: token } });
    const restaurant = await getRestaurant(db, principal, view.restaurantId);
    return { ok: true, view, restaurant, principal, token, tokenFromLink: Boolean(fromLink && token === fromLink) };
  } catch (e) {
    if (isDomainError(e) && (e.code === "not_found" || e.code === "unauthenticated")) {
      const reason = e.details?.reason;
      const link = reason === "link_expired" ? "expired" : reason === "link_stale" ? "stale" : undefined;
      return { ok: false, signedIn: principal !== null, ...(link ? { link } : {}) };
    }
    throw e;
  }
}
