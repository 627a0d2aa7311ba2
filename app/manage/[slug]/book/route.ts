import { z } from "zod";
import { route } from "@/lib/api/handler";
import { localDate, slug } from "@/lib/api/schemas";
import { getDayBook } from "@/lib/reservations/day-book";
import { getRestaurantForMember } from "@/lib/restaurants/restaurants";

/**
 * The day's book as JSON, polled every few seconds by the workspace's timeline (TanStack Query), so a
 * booking made online appears without a reload. Same-origin session cookie (or a bearer token);
 * members of this restaurant only: 401 anonymous, 404 for everyone else.
 */
export const dynamic = "force-dynamic";

export const GET = route(
  { auth: "member", params: z.object({ slug }), query: z.object({ date: localDate.optional() }) },
  async ({ db, principal, params, query }) => {
    const { restaurant } = await getRestaurantForMember(db, principal, params.slug, "book.view");
    return getDayBook(db, { restaurantId: restaurant.id, principal, date: query.date ?? null });
  },
);
