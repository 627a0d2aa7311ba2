import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";

export type NotificationStatus = "pending" | "sending" | "sent" | "failed" | "skipped";

export interface NotificationState {
  status: NotificationStatus;
  sentAt: Date | null;
  sendAfter: Date;
}

export type NotificationStatuses = Record<string, { confirmation?: NotificationState; reminder?: NotificationState }>;

/**
 * Whether each reservation's confirmation and reminder went out, for the owner's day book.
 * One query for the whole day; reservations without rows (walk-ins, no email) are simply absent.
 */
export async function getNotificationStatuses(db: DbOrTx, reservationIds: string[]): Promise<NotificationStatuses> {
  const result: NotificationStatuses = {};
  if (reservationIds.length === 0) return result;
  const rows = await db
    .select({
      reservationId: notifications.reservationId,
      kind: notifications.kind,
      status: notifications.status,
      sentAt: notifications.sentAt,
      sendAfter: notifications.sendAfter,
    })
    .from(notifications)
    .where(
      and(
        inArray(notifications.reservationId, [...new Set(reservationIds)]),
        inArray(notifications.kind, ["confirmation", "reminder"]),
        // The book shows the email; a text beside it has its own row.
        eq(notifications.channel, "email"),
      ),
    );
  for (const row of rows) {
    if ((row.kind !== "confirmation" && row.kind !== "reminder") || !row.reservationId) continue;
    const entry = (result[row.reservationId] ??= {});
    entry[row.kind] = { status: row.status, sentAt: row.sentAt, sendAfter: row.sendAfter };
  }
  return result;
}
