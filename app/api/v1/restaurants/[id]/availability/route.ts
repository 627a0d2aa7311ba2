import { route } from "@/lib/api/handler";
import { availabilityQuery, idOrSlugParams } from "@/lib/api/schemas";
import { isoInstant } from "@/lib/api/serialize";
import { getAvailability } from "@/lib/availability";

export const GET = route({ params: idOrSlugParams, query: availabilityQuery }, async ({ db, principal, params, query }) => {
  const day = await getAvailability(db, { restaurant: params.id, date: query.date, partySize: query.party_size, principal });
  return {
    restaurant_id: day.restaurantId,
    date: day.date,
    timezone: day.timezone,
    party_size: day.partySize,
    slots: day.slots.map((s) => ({
      starts_at: isoInstant(s.startsAt),
      local_time: s.localTime,
      available: s.available,
      tables_left: s.tablesLeft,
    })),
  };
});
