import { z } from "zod";
import { route } from "@/lib/api/handler";
import { slug } from "@/lib/api/schemas";
import { uuid } from "@/lib/contract/common";
import { getGuestListAt, toExperienceNight } from "@/lib/experiences/night";
import { getRestaurantForMember } from "@/lib/restaurants/restaurants";

/**
 * An experience's sales and guest list as JSON, polled by its workspace page (TanStack Query) so a
 * seat sold online or a check-in by another host shows without a reload. Members of this restaurant,
 * any role: 401 anonymous, 404 for everyone else and for another restaurant's experience.
 */
export const dynamic = "force-dynamic";

export const GET = route(
  { auth: "member", params: z.object({ slug, id: uuid }) },
  async ({ db, principal, params }) => {
    const { restaurant } = await getRestaurantForMember(db, principal, params.slug, "book.view");
    const { list, role } = await getGuestListAt(db, { restaurantId: restaurant.id, experienceId: params.id, principal });
    return toExperienceNight(list, role, new Date());
  },
);
