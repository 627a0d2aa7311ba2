import { DateTime } from "luxon";
import type { Tx } from "@/db/client";
import { notifications, type Reservation } from "@/db/schema";
import type { EventWithId } from "@/lib/jobs/events";
import { toE164 } from "@/lib/contract/phone";
import { isSmsKind } from "@/lib/notifications/sms/render";

type Kind = (typeof notifications.$inferInsert)["kind"];

/**
 * Writes outbox rows in the caller's transaction (invariant 5): the message exists if and only if
 * the change that causes it committed. One row per reservation, kind, revision (0 unless given) and
 * channel (email, and SMS when the diner agreed to texts), so a repeat is a no-op.
 * Returns the events that announce the new rows (event id = row id, so Inngest dedupes them).
 */
export async function enqueueNotifications(
  tx: Tx,
  reservation: Reservation,
  messages: { kind: Kind; sendAfter?: Date; revision?: number }[],
): Promise<EventWithId[]> {
  const email = reservation.guestEmail;
  const phone = textRecipient(reservation);
  const values = messages.flatMap((m) => {
    const base = { reservationId: reservation.id, kind: m.kind, revision: m.revision ?? 0, ...(m.sendAfter ? { sendAfter: m.sendAfter } : {}) };
    return [
      ...(email ? [{ ...base, channel: "email" as const, toEmail: email }] : []),
      ...(phone && isSmsKind(m.kind) ? [{ ...base, channel: "sms" as const, toPhone: phone }] : []),
    ];
  });
  if (values.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.map((r) => ({
    name: "notification/created" as const,
    id: r.id,
    data: { id: r.id, reservation_id: reservation.id },
  }));
}

/**
 * The number texts go to: only when the diner agreed and the number is a valid E.164 mobile.
 * Without Twilio the texts land in the development mailbox, as emails do without Resend.
 */
function textRecipient(reservation: Reservation): string | null {
  if (!reservation.smsConsentAt) return null;
  return toE164(reservation.guestPhone);
}

/** When the reminder goes out: the lead time before the start, or at once if that has passed. */
export function reminderTime(startsAt: Date, leadMinutes: number, now: Date): Date {
  const at = new Date(startsAt.getTime() - leadMinutes * 60_000);
  return at > now ? at : now;
}

/** Local hour of the morning after a visit at which its review request goes out. */
export const REVIEW_REQUEST_HOUR = 10;

/**
 * When a visit's review request goes out: REVIEW_REQUEST_HOUR on the morning after its service date,
 * in the restaurant's zone (a sitting past midnight hears that same morning), or at
 * once if that has passed (a visit marked finished late).
 */
export function reviewRequestTime(serviceDate: string, timeZone: string, now: Date): Date {
  const at = DateTime.fromISO(serviceDate, { zone: timeZone }).plus({ days: 1 }).set({ hour: REVIEW_REQUEST_HOUR }).toJSDate();
  return at > now ? at : now;
}
