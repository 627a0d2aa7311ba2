"use server";

import { snakeCaseBody } from "@/lib/contract/wire";
import { acceptPartyRequest, declinePartyRequest } from "@/lib/party-requests/party-requests";
import { acceptPartyRequestSchema, declinePartyRequestSchema } from "@/lib/party-requests/contract";
import { ofRestaurant, ownerAction } from "./action-steps";

/**
 * The day book's large-party requests: accept (a confirmed booking through the staff booking service)
 * or decline with a message. The services check the member's role; the book's polling shows the result.
 */
export const acceptPartyRequestAction = ownerAction(
  snakeCaseBody(acceptPartyRequestSchema, ofRestaurant),
  async ({ restaurantId, ...accept }, { db, principal }) => {
    const { request, reservation } = await acceptPartyRequest(db, { principal, restaurantId, accept });
    return { status: request.status, code: reservation.code, table: reservation.tableLabel };
  },
);

export const declinePartyRequestAction = ownerAction(
  snakeCaseBody(declinePartyRequestSchema, ofRestaurant),
  async ({ restaurantId, ...decline }, { db, principal }) => {
    const request = await declinePartyRequest(db, { principal, restaurantId, decline });
    return { status: request.status };
  },
);
