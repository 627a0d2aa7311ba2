import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { devMailbox, notifications, reservations, restaurants } from "@/db/schema";
import { idempotencyKeyFor } from "./claim";

/** One outbox row as the development mailbox lists it, with the local message if there is one. */
export interface OutboxEntry {
  notificationId: string;
  kind: string;
  channel: "email" | "sms";
  /** The email address or, for a text message, the phone number. */
  to: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sendAfter: Date;
  sentAt: Date | null;
  createdAt: Date;
  providerId: string | null;
  reservationCode: string;
  restaurantName: string;
  messageId: string | null;
  subject: string | null;
  /** A text message's body as it landed in the mailbox; null for emails and texts not delivered here. */
  smsBody: string | null;
}

export interface MailboxMessage {
  id: string;
  idempotencyKey: string | null;
  /** A text message has a number in `toAddresses`, its body in `text`, and no subject or HTML. */
  channel: "email" | "sms";
  fromAddress: string;
  toAddresses: string[];
  subject: string;
  html: string;
  text: string | null;
  attachments: { filename: string; contentType: string | null; content: string | null }[];
  createdAt: Date;
  notification: { id: string; kind: string; status: string; attempts: number } | null;
}

/** Newest first: every outbox row (whatever its status) and the message it produced locally. */
export async function listOutbox(db: DbOrTx, options: { limit?: number } = {}): Promise<OutboxEntry[]> {
  return db
    .select({
      notificationId: notifications.id,
      kind: notifications.kind,
      channel: notifications.channel,
      to: sql<string>`coalesce(${notifications.toEmail}, ${notifications.toPhone})`,
      status: notifications.status,
      attempts: notifications.attempts,
      lastError: notifications.lastError,
      sendAfter: notifications.sendAfter,
      sentAt: notifications.sentAt,
      createdAt: notifications.createdAt,
      providerId: notifications.providerId,
      reservationCode: reservations.code,
      restaurantName: restaurants.name,
      messageId: devMailbox.id,
      subject: devMailbox.subject,
      smsBody: sql<string | null>`case when ${devMailbox.channel} = 'sms' then ${devMailbox.text} end`,
    })
    .from(notifications)
    .innerJoin(reservations, eq(reservations.id, notifications.reservationId))
    .innerJoin(restaurants, eq(restaurants.id, reservations.restaurantId))
    .leftJoin(devMailbox, eq(devMailbox.idempotencyKey, sql`'notification-' || ${notifications.id}::text`))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit ?? 200);
}

/** Messages in the mailbox that no outbox row accounts for (sent by other parts of the app). */
export async function listOtherMailboxMessages(db: DbOrTx, options: { limit?: number } = {}) {
  return db
    .select({ id: devMailbox.id, channel: devMailbox.channel, subject: devMailbox.subject, toAddresses: devMailbox.toAddresses, createdAt: devMailbox.createdAt })
    .from(devMailbox)
    .where(
      sql`not exists (select 1 from ${notifications} n where ${devMailbox.idempotencyKey} = 'notification-' || n.id::text)`,
    )
    .orderBy(desc(devMailbox.createdAt))
    .limit(options.limit ?? 50);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getMailboxMessage(db: DbOrTx, id: string): Promise<MailboxMessage | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(devMailbox).where(eq(devMailbox.id, id));
  if (!row) return null;
  const notificationId = row.idempotencyKey?.startsWith("notification-") ? row.idempotencyKey.slice("notification-".length) : null;
  const [notification] =
    notificationId && UUID.test(notificationId) && idempotencyKeyFor(notificationId) === row.idempotencyKey
      ? await db
          .select({ id: notifications.id, kind: notifications.kind, status: notifications.status, attempts: notifications.attempts })
          .from(notifications)
          .where(eq(notifications.id, notificationId))
      : [];
  // The transport stores the content beside the typed fields (see transport.ts).
  const attachments = ((row.attachments ?? []) as { filename: string; content_type?: string; content_base64?: string }[]).map((a) => ({
    filename: a.filename,
    contentType: a.content_type ?? null,
    content: a.content_base64 ? Buffer.from(a.content_base64, "base64").toString("utf8") : null,
  }));
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    channel: row.channel,
    fromAddress: row.fromAddress,
    toAddresses: row.toAddresses,
    subject: row.subject,
    html: row.html,
    text: row.text,
    attachments,
    createdAt: row.createdAt,
    notification: notification ?? null,
  };
}
