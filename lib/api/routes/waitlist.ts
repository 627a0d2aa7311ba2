/** Waitlist routes. app/ re-exports them. */
import { route } from "@/lib/api/handler";
import { idOrSlugParams, idParams, waitlistBody, waitlistJoinResponse, waitlistResponse } from "@/lib/api/schemas";
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

export const joinWaitlistHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/restaurants/{id}/waitlist",
    example: { body: { date: "2031-06-01", party_size: 2, from_time: "18:00", to_time: "21:00", email: "ada@example.test", phone: "+44 20 7946 0000" } },
    tag: "Waitlist",
    summary: "Join the waitlist (\"notify me\")",
    description:
      "For a local `date`, `party_size` and a window of seating times (`from_time` to `to_time`, local). A guest gives `email` (where the offer goes); a signed-in diner may omit it (the account's address). When a matching seating frees up, the earliest waiting entry gets a hold made for it and an email with a link to confirm within the hold; if it lapses, the next entry gets the table. Entries expire after their date. Keep `manage_token` to leave the list.",
    response: waitlistJoinResponse,
    errors: ["invalid_input", "not_found", "outside_policy", "conflict", "rate_limited", "unavailable"],
  },
  auth: "optional",
  params: idOrSlugParams,
  body: waitlistBody,
  idempotent: true,
  status: 201,
}, async ({ db, principal, params, body, ip }) => {
  const { entry, manageToken } = await joinWaitlist(db, { restaurant: params.id, principal, clientAddress: ip, ...body });
  return { ...serializeEntry(entry), manage_token: manageToken };
});

export const leaveWaitlistHandler = route({
  doc: {
    method: "DELETE",
    path: "/api/v1/waitlist/{id}",
    tag: "Waitlist",
    summary: "Leave the waitlist",
    description: "With the entry's `X-Manage-Token`, or as the signed-in diner who joined. A table held for the entry is let go.",
    response: waitlistResponse,
    errors: ["unauthenticated", "not_found", "unavailable"],
  },
  auth: "manage_token_or_signed_in",
  params: idParams,
}, async ({ db, principal, params, manageToken }) =>
  serializeEntry(await leaveWaitlist(db, { entryId: params.id, principal, manageToken })),
);
