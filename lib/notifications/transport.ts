import { eq } from "drizzle-orm";
import { Resend } from "resend";
import type { DbOrTx } from "@/db/client";
import { devMailbox } from "@/db/schema";
import { getEnv } from "@/lib/env";
import type { OutgoingEmail } from "./render";

export interface SendResult {
  /** The provider's message id (the dev mailbox row id locally); null when the provider did not say. */
  providerId: string | null;
}

/** A send that did not go through; the dispatcher records it and retries with backoff. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null = null,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

/**
 * Where email goes. Both transports are idempotent on the key: sending the same key twice delivers
 * one message, which is what makes "crash after send, before mark" safe.
 */
export interface EmailTransport {
  readonly name: "resend" | "mailbox";
  send(email: OutgoingEmail, idempotencyKey: string): Promise<SendResult>;
}

export interface ResendTransportOptions {
  apiKey: string;
  /** A Resend-compatible API (tests run a local one). */
  baseUrl?: string;
  timeoutMs?: number;
}

export function createResendTransport(options: ResendTransportOptions): EmailTransport {
  // The base URL is passed explicitly: the SDK would otherwise read RESEND_BASE_URL from
  // process.env itself, and lib/env.ts is the one place that reads the environment.
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : undefined);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: "resend",
    async send(email, idempotencyKey) {
      const { data, error } = await client.emails.send(
        {
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          attachments: email.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
          tags: email.tags,
        },
        { idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (error) {
        // The key was already used with a different payload (the reservation changed between a send
        // and its retry): Resend accepted the first request, so that message stands. Sending again
        // under a new key would be the duplicate email the key exists to prevent.
        if (error.name === "invalid_idempotent_request") return { providerId: null };
        const status = (error as { statusCode?: number | null }).statusCode ?? null;
        throw new TransportError(`Resend: ${error.name}${status ? ` (${status})` : ""}: ${error.message}`, status);
      }
      if (!data?.id) throw new TransportError("Resend: the response had no message id.");
      return { providerId: data.id };
    },
  };
}

/** Without an email provider: messages land in the dev_mailbox table, readable at /dev/mailbox. */
export function createMailboxTransport(db: DbOrTx): EmailTransport {
  return {
    name: "mailbox",
    async send(email, idempotencyKey) {
      const providerId = await putInMailbox(db, {
        idempotencyKey,
        fromAddress: email.from,
        toAddresses: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: email.attachments.map(storedAttachment),
      });
      return { providerId };
    },
  };
}

/**
 * Stores one message (an email, or a text) in the dev mailbox once per idempotency key: a second
 * delivery under the same key stores nothing and answers with the first message's id.
 */
export async function putInMailbox(db: DbOrTx, message: typeof devMailbox.$inferInsert & { idempotencyKey: string }): Promise<string | null> {
  const inserted = await db.insert(devMailbox).values(message).onConflictDoNothing({ target: devMailbox.idempotencyKey }).returning({ id: devMailbox.id });
  if (inserted[0]) return inserted[0].id;
  const [existing] = await db.select({ id: devMailbox.id }).from(devMailbox).where(eq(devMailbox.idempotencyKey, message.idempotencyKey));
  return existing?.id ?? null;
}

/** The column type names filename and content type; the content rides along so the page can offer it. */
type StoredAttachment = { filename: string; content_type?: string };
function storedAttachment(a: OutgoingEmail["attachments"][number]): StoredAttachment {
  const stored = { filename: a.filename, content_type: a.contentType, content_base64: a.content };
  return stored;
}

let cachedResend: { key: string; baseUrl: string | undefined; transport: EmailTransport } | null = null;

/** Resend when RESEND_API_KEY is set, else the dev mailbox. */
export function getTransport(db: DbOrTx): EmailTransport {
  const env = getEnv();
  if (!env.RESEND_API_KEY) return createMailboxTransport(db);
  if (cachedResend?.key !== env.RESEND_API_KEY || cachedResend.baseUrl !== env.RESEND_BASE_URL) {
    cachedResend = {
      key: env.RESEND_API_KEY,
      baseUrl: env.RESEND_BASE_URL,
      transport: createResendTransport({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL }),
    };
  }
  return cachedResend.transport;
}
