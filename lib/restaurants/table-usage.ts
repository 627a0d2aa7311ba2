import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reservations } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { requirePermission } from "@/lib/restaurants/access";

export interface TableUsage {
  /** Blocking reservations (live holds, confirmed, seated) that have not ended. */
  upcoming: number;
  /** Every reservation ever placed on the table, whatever its status. */
  total: number;
}

/**
 * Per table: how many reservations still need it and how many it has on record, so the floor page can
 * say why a table can only be deactivated (deleteTable refuses both) before the owner tries.
 */
export async function getTableUsage(db: DbOrTx, principal: Principal | null, restaurantId: string): Promise<Record<string, TableUsage>> {
  await requirePermission(db, principal, restaurantId, "floor.manage");
  const rows = await db
    .select({
      tableId: reservations.tableId,
      upcoming: sql<number>`count(*) filter (where ${reservations.endsAt} > now() and (
        ${reservations.status} in ('confirmed', 'seated')
        or (${reservations.status} = 'held' and ${reservations.holdExpiresAt} > now())))`.mapWith(Number),
      total: sql<number>`count(*)`.mapWith(Number),
    })
    .from(reservations)
    .where(eq(reservations.restaurantId, restaurantId))
    .groupBy(reservations.tableId);
  return Object.fromEntries(rows.map((r) => [r.tableId, { upcoming: r.upcoming, total: r.total }]));
}
