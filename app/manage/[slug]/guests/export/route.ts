import { DateTime } from "luxon";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { slug } from "@/lib/api/schemas";
import { guestSearchSchema } from "@/lib/guests/contract";
import { guestsFileName, guestsToCsv } from "@/lib/guests/csv";
import { listGuestsForExport } from "@/lib/guests";
import { getRestaurantForMember } from "@/lib/restaurants/restaurants";

/** The guest list (or what a search finds) as CSV: owners and managers of this restaurant only. */
export const dynamic = "force-dynamic";

export const GET = route(
  { auth: "member", params: z.object({ slug }), query: guestSearchSchema },
  async ({ db, principal, params, query }) => {
    const { restaurant } = await getRestaurantForMember(db, principal, params.slug, "guests.export");
    const guests = await listGuestsForExport(db, principal, restaurant.id, { q: query.q });
    return new Response(guestsToCsv(guests), {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${guestsFileName(restaurant.slug, DateTime.now().setZone(restaurant.timezone).toISODate() ?? "today")}"`,
        "cache-control": "no-store",
      },
    });
  },
);
