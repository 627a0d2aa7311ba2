import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reservations, type Reservation } from "@/db/schema";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { enqueueNotifications } from "@/lib/reservations/outbox";
import { giveSeatsBack } from "@/lib/experiences/counter";

/**
 * Marks lapsed holds expired. Availability already ignores a hold past its expiry (invariant 2), so
 * this is housekeeping that makes the state true in the table, frees the active-hold limit, tells a
 * diner who had left an email, and bumps the availability version so caches refresh.
 */
async function expireWhere(db: Db, where: ReturnType<typeof and>, limit: number): Promise<Reservation[]> {
  const { rows, events } = await db.transaction(async (tx) => {
    // Decided by the database clock, never the app's: the same clock the booking path uses.
    const due = tx
      .select({ id: reservations.id })
      .from(reservations)
      .where(and(eq(reservations.status, "held"), sql`${reservations.holdExpiresAt} <= now()`, where))
      .limit(limit)
      .for("update", { skipLocked: true });
    const rows = await tx
      .update(reservations)
      .set({ status: "expired", version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
      .where(and(inArray(reservations.id, due), eq(reservations.status, "held")))
      .returning();
    const events: EventWithId[] = [];
    for (const row of rows) {
      if (row.guestEmail) events.push(...(await enqueueNotifications(tx, row, [{ kind: "hold_expired" }])));
      events.push({ name: "reservation/expired", id: `expired-${row.id}`, data: { id: row.id, restaurant_id: row.restaurantId } });
    }
    return { rows, events };
  });
  for (const restaurantId of new Set(rows.map((r) => r.restaurantId))) await bumpAvailabilityVersion(restaurantId);
  for (const r of rows) if (r.sectionId) await giveSeatsBack(r.sectionId, r.partySize);
  await publishEvents(events);
  return rows;
}

export interface HoldExpiryResult {
  expired: boolean;
  /** The reservation's status after the attempt, or null if it does not exist. */
  status: Reservation["status"] | null;
}

/** Expires one hold if it is still held and its expiry has passed (the hold-expiry function's step). */
export async function expireHold(db: Db, reservationId: string): Promise<HoldExpiryResult> {
  const rows = await expireWhere(db, eq(reservations.id, reservationId), 1);
  if (rows.length > 0) return { expired: true, status: "expired" };
  const [current] = await db.select({ status: reservations.status }).from(reservations).where(eq(reservations.id, reservationId));
  return { expired: false, status: current?.status ?? null };
}

/** Expires every lapsed hold, in batches (the sweeper's safety net). Returns how many. */
export async function expireStaleHolds(db: Db, options: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let total = 0;
  for (let i = 0; i < (options.maxBatches ?? 20); i++) {
    const rows = await expireWhere(db, undefined, batchSize);
    total += rows.length;
    if (rows.length < batchSize) break;
  }
  return total;
}
