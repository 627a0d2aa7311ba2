import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications, reservations } from "@/db/schema";

export interface ReminderPlan {
  notificationId: string;
  /** ISO instant: when the reminder is due (step outputs travel as JSON). */
  sendAt: string;
  reservationStatus: (typeof reservations.$inferSelect)["status"];
}

/**
 * The reminder row written with the confirmation, or null when there is none (no email given).
 *
 * Its time was fixed at confirmation by `reminderTime` (lib/reservations/outbox.ts): the restaurant's
 * lead time as an absolute duration before the start instant. "24 hours before" a 19:00 table on the
 * day the clocks change is exactly 24 elapsed hours earlier, so it reads 18:00 or 20:00 on the wall
 * clock the evening before; a reminder's purpose is the notice it gives, not a matching wall time.
 */
export async function getReminderPlan(db: DbOrTx, reservationId: string): Promise<ReminderPlan | null> {
  const [row] = await db
    .select({ notificationId: notifications.id, sendAfter: notifications.sendAfter, reservationStatus: reservations.status })
    .from(notifications)
    .innerJoin(reservations, eq(reservations.id, notifications.reservationId))
    .where(and(eq(notifications.reservationId, reservationId), eq(notifications.kind, "reminder")))
    .limit(1);
  return row ? { notificationId: row.notificationId, sendAt: row.sendAfter.toISOString(), reservationStatus: row.reservationStatus } : null;
}
