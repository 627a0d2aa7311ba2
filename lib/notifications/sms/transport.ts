import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { DbOrTx } from "@/db/client";
import { smsDelivery, type TwilioSettings } from "@/lib/env";

type RequestOptions<T> = RequestClient.RequestOptions<T>;
import { putInMailbox, TransportError } from "../transport";

/** One text message, as the transport takes it. */
export interface OutgoingSms {
  to: string;
  body: string;
}

/**
 * Twilio refused the message for good (the number opted out, is not a mobile, cannot be reached):
 * retrying cannot help. `optedOut` means Twilio holds a STOP for the number.
 */
export class SmsUndeliverable extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly optedOut: boolean,
  ) {
    super(message);
    this.name = "SmsUndeliverable";
  }
}

/**
 * The request may or may not have created a message: the connection broke after it was sent, or a
 * gateway in front of Twilio answered instead of Twilio. Twilio has no idempotency key, so sending
 * again could text the diner twice; the dispatcher does not.
 */
export class SmsOutcomeUnknown extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SmsOutcomeUnknown";
  }
}

export interface SmsTransport {
  readonly name: "twilio" | "mailbox";
  /**
   * Resolves with the message id; throws TransportError (nothing sent, retry), SmsUndeliverable or
   * SmsOutcomeUnknown. The key is the outbox row's: the mailbox keeps one message per key (Twilio
   * takes none, which is why an SMS claim is never taken over, see claim.ts).
   */
  send(sms: OutgoingSms, idempotencyKey: string): Promise<{ providerId: string }>;
}

/** Twilio error codes that no retry fixes (https://www.twilio.com/docs/api/errors). */
const OPTED_OUT = 21610;
const UNDELIVERABLE = new Set([21211, 21408, 21612, 21614, 21606, OPTED_OUT]);
/** Errors raised before anything reached the server: nothing was sent. */
const NOT_SENT_NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"]);

/**
 * Twilio's client with every request sent to `apiBase` instead of Twilio's hosts (tests run a local
 * server that speaks the same API). The package takes a custom request client for this; the path,
 * form body and Basic auth stay exactly as the SDK builds them.
 */
function requestClientFor(apiBase: string, timeoutMs: number): twilio.RequestClient {
  const base = new URL(apiBase);
  class BaseUrlClient extends twilio.RequestClient {
    override request<T>(opts: RequestOptions<T>) {
      const uri = new URL(opts.uri);
      uri.protocol = base.protocol;
      uri.host = base.host;
      return super.request<T>({ ...opts, uri: uri.toString() });
    }
  }
  return new BaseUrlClient({ timeout: timeoutMs });
}

export function createTwilioTransport(settings: TwilioSettings, options: { timeoutMs?: number } = {}): SmsTransport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = twilio(settings.accountSid, settings.authToken, {
    // The package would otherwise read TWILIO_* itself; lib/env.ts is the one reader of the environment.
    env: {} as NodeJS.ProcessEnv,
    autoRetry: false,
    timeout: timeoutMs,
    ...(settings.apiBase ? { httpClient: requestClientFor(settings.apiBase, timeoutMs) } : {}),
  });
  const sender = settings.from.startsWith("MG") ? { messagingServiceSid: settings.from } : { from: settings.from };
  return {
    name: "twilio",
    async send(sms) {
      try {
        const message = await client.messages.create({ to: sms.to, body: sms.body, ...sender });
        return { providerId: message.sid };
      } catch (e) {
        throw classify(e);
      }
    },
  };
}

/** What a failed create means for the row: see the error classes above. */
export function classify(e: unknown): Error {
  if (e instanceof twilio.RestException) {
    const code = typeof e.code === "number" ? e.code : null;
    if (code !== null && UNDELIVERABLE.has(code)) return new SmsUndeliverable(`Twilio ${code}: ${e.message}`, code, code === OPTED_OUT);
    // Twilio answers 201 when it creates a message. Its own 4xx (and 429, 503: it did not take the
    // request) create nothing; a 500/502/504 may come from a gateway after Twilio took it.
    if (e.status < 500 || e.status === 503) return new TransportError(`Twilio ${e.status}${code ? ` (${code})` : ""}: ${e.message}`, e.status);
    return new SmsOutcomeUnknown(`Twilio ${e.status}: ${e.message}`);
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && NOT_SENT_NETWORK.has(code)) return new TransportError(`Twilio unreachable: ${code}`);
  return new SmsOutcomeUnknown(`Twilio: ${e instanceof Error ? e.message : String(e)}`);
}

/** The sender the development mailbox shows for texts. */
const MAILBOX_SMS_SENDER = "Tablekeep (text message)";

/** Without Twilio: texts land in the dev_mailbox table beside the emails, one per idempotency key. */
export function createSmsMailboxTransport(db: DbOrTx): SmsTransport {
  return {
    name: "mailbox",
    async send(sms, idempotencyKey) {
      const id = await putInMailbox(db, { idempotencyKey, channel: "sms", fromAddress: MAILBOX_SMS_SENDER, toAddresses: [sms.to], subject: "", html: "", text: sms.body });
      if (!id) throw new TransportError("The development mailbox lost the text it had under this key.");
      return { providerId: id };
    },
  };
}

let cached: { key: string; transport: SmsTransport } | null = null;

/** Twilio when it is configured, else the development mailbox (see `smsDelivery` in lib/env.ts). */
export function getSmsTransport(db: DbOrTx): SmsTransport {
  const delivery = smsDelivery();
  if (delivery.via === "mailbox") return createSmsMailboxTransport(db);
  const key = JSON.stringify(delivery.settings);
  if (cached?.key !== key) cached = { key, transport: createTwilioTransport(delivery.settings) };
  return cached.transport;
}
