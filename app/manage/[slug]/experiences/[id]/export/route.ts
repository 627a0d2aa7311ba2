import { DateTime } from "luxon";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { slug } from "@/lib/api/schemas";
import { uuid } from "@/lib/contract/common";
import { getGuestListAt, guestListFileName, guestListToCsv } from "@/lib/experiences/night";
import { getRestaurantForMember } from "@/lib/restaurants/restaurants";

/** An experience's guest list as a CSV download: taking the list away as a file is for owners and managers, as for the guest book. */
export const dynamic = "force-dynamic";

export const GET = route(
  { auth: "member", params: z.object({ slug, id: uuid }) },
  async ({ db, principal, params }) => {
    const { restaurant } = await getRestaurantForMember(db, principal, params.slug, "guests.export");
    const { list } = await getGuestListAt(db, { restaurantId: restaurant.id, experienceId: params.id, principal });
    const localDate = DateTime.fromJSDate(list.experience.startsAt, { zone: list.experience.timezone }).toISODate()!;
    return new Response(guestListToCsv(list), {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${guestListFileName(list, localDate)}"`,
        "cache-control": "no-store",
      },
    });
  },
);
