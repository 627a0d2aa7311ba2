"use server";

import { action } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { requestTable } from "@/lib/party-requests/party-requests";
import { partyRequestSchema } from "@/lib/party-requests/contract";

/** "Request a table": a group larger than the restaurant books online asks it directly. */
export const requestTableAction = action(
  snakeCaseBody(partyRequestSchema, { restaurant_id: uuid }),
  async ({ restaurantId, ...request }, { db, principal, ip }) => {
    const view = await requestTable(db, { restaurant: restaurantId, principal, clientAddress: ip, request });
    return { id: view.id, status: view.status, email: view.email, phone: view.phone };
  },
);
