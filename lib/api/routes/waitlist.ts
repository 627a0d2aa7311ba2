/** Waitlist routes. app/ re-exports them. */
import { route } from "@/lib/api/handler";
import { idOrSlugParams, idParams, waitlistBody } from "@/lib/api/schemas";
import { isoInstant } from "@/lib/api/serialize";
import { joinWaitlist, leaveWaitlist, type WaitlistView } from "@/lib/waitlist";

function serializeEntry(e: WaitlistView) {
  return {
    id: e.id,
    status: e.status,
    restaurant_id: e.restaurantId,
    date: e.date,
    party_size: e.partySize,
    from_time: e.fromTime,
    to_time: e.toTime,
    created_at: isoInstant(e.createdAt),
  };
}

// /api/v1/restaurants/[id]/waitlist
export const joinWaitlistHandler = route({ params: idOrSlugParams, body: waitlistBody, idempotent: true, status: 201 }, async ({ db, principal, params, body }) => {
  const { entry, manageToken } = await joinWaitlist(db, { restaurant: params.id, principal, ...body });
  return { ...serializeEntry(entry), manage_token: manageToken };
});

// /api/v1/waitlist/[id]
export const leaveWaitlistHandler = route({ params: idParams }, async ({ db, principal, params, manageToken }) =>
  serializeEntry(await leaveWaitlist(db, { entryId: params.id, principal, manageToken })),
);
