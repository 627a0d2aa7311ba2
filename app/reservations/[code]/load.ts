import type { Metadata } from "next";
import { readManageToken } from "@/app/book/manage-token";
import { getDb } from "@/lib/db";
import type { Principal } from "@/lib/auth/principal";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { isDomainError } from "@/lib/errors";
import { getReservation, type ReservationView } from "@/lib/reservations";
import { reservationCode } from "@/lib/reservations/contract";
import { getRestaurant } from "@/lib/restaurants/restaurants";

type Restaurant = Awaited<ReturnType<typeof getRestaurant>>;

/** The props of a page under /reservations/[code]: the code, and the manage token of an emailed link. */
export type ReservationPageProps = { params: Promise<{ code: string }>; searchParams: Promise<{ token?: string | string[] }> };

/** A booking's pages are private: never indexed, and their token-bearing address never sent on as a referrer. */
export function privatePageMetadata(title: string): Metadata {
  return { title, robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/**
 * Who asks about which booking: the signed-in principal, the code (null when malformed) and the manage
 * token proven by the link or this browser's cookie; `linkToken` is that token when it came from the link.
 */
export async function manageAccess(codeParam: string, tokenParam?: string | string[] | null) {
  const principal = await getSessionPrincipal();
  const parsed = reservationCode.safeParse(codeParam);
  if (!parsed.success) return { principal, code: null, token: null, linkToken: null };
  const fromLink = Array.isArray(tokenParam) ? tokenParam[0] : tokenParam;
  const token = await readManageToken(parsed.data, fromLink);
  return { principal, code: parsed.data, token, linkToken: fromLink && token === fromLink ? token : null };
}

/** The "add to calendar" file's address, carrying the token only when the page's own link did. */
export function calendarHref(code: string, linkToken: string | null): string {
  return `/reservations/${encodeURIComponent(code)}/calendar.ics${linkToken ? `?token=${encodeURIComponent(linkToken)}` : ""}`;
}

/** The booking a page under /reservations/[code] shows, from the page's props. */
export async function loadReservationPage({ params, searchParams }: ReservationPageProps): Promise<ManagedReservation> {
  return loadManagedReservation((await params).code, (await searchParams).token);
}

export type ManagedReservation =
  | {
      ok: true;
      view: ReservationView;
      restaurant: Restaurant;
      principal: Principal | null;
      /** The manage token this request proved access with (link or cookie), if any. */
      token: string | null;
      /** The token when it came from the page's own `?token=` (links on the page carry it on), else null. */
      linkToken: string | null;
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
  const { principal, code, token, linkToken } = await manageAccess(codeParam, tokenParam);
  if (code === null) return { ok: false, signedIn: principal !== null };
  const db = getDb();
  try {
    const view = await getReservation(db, { reservationId: code, access: { principal, manageToken: token } });
    const restaurant = await getRestaurant(db, principal, view.restaurantId);
    return { ok: true, view, restaurant, principal, token, linkToken };
  } catch (e) {
    if (isDomainError(e) && (e.code === "not_found" || e.code === "unauthenticated")) {
      const reason = e.details?.reason;
      const link = reason === "link_expired" ? "expired" : reason === "link_stale" ? "stale" : undefined;
      return { ok: false, signedIn: principal !== null, ...(link ? { link } : {}) };
    }
    throw e;
  }
}
