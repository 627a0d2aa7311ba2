import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

/**
 * A local stand-in for Twilio's Messages API, speaking its wire format as the `twilio` package calls
 * it: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with a form-encoded body (To, From or
 * MessagingServiceSid, Body) and HTTP Basic auth (account SID, auth token); `201` with the message
 * resource as JSON, or Twilio's error shape `{code, message, more_info, status}`. Like Twilio it
 * takes no idempotency key: every accepted request is one more text. Tests point TWILIO_API_BASE at
 * it, and sign inbound webhooks with the package's own signature function.
 */
export interface FakeSms {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
}

export interface FakeTwilio {
  /** Use as TWILIO_API_BASE. */
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** Texts actually accepted, one per successful request. */
  messages: FakeSms[];
  /** Every request to the Messages resource, with the status answered (0: the connection was cut). */
  requests: { to: string | null; status: number }[];
  /** The next `n` requests answer `status` (500 by default) without sending. */
  failNext(n: number, status?: number): void;
  /** The next request is accepted (the text goes out) but the connection drops before the answer. */
  dropNextAnswer(): void;
  /** Numbers Twilio holds a STOP for: sending to them is refused with error 21610. */
  unsubscribed: Set<string>;
  /** A webhook Twilio would send to `url` with these form parameters, signed with the auth token. */
  signedWebhook(url: string, params: Record<string, string>): { body: string; signature: string };
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export async function startFakeTwilio(options: { from?: string } = {}): Promise<FakeTwilio> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const from = options.from ?? "+15005550006";
  const messages: FakeSms[] = [];
  const requests: FakeTwilio["requests"] = [];
  const unsubscribed = new Set<string>();
  let failures = 0;
  let failStatus = 500;
  let dropNext = false;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const params = new URLSearchParams(raw);
    const to = params.get("To");
    const reply = (status: number, body: unknown) => {
      requests.push({ to, status });
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "twilio-request-id": `RQ${hex(16)}` });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) =>
      reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return error(404, 20404, `The requested resource ${path} was not found`);
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (req.headers.authorization !== expected) return error(401, 20003, "Authenticate");
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      return error(400, 20001, "Content-Type must be application/x-www-form-urlencoded");
    }
    const body = params.get("Body");
    const sender = params.get("From");
    const service = params.get("MessagingServiceSid");
    if (!to) return error(400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return error(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!sender && !service) return error(400, 21603, "A 'From' phone number is required.");
    if (!body) return error(400, 21602, "Message body is required.");
    if (failures > 0) {
      failures--;
      return error(failStatus, 20500, "An internal server error has occurred (injected).");
    }
    if (unsubscribed.has(to)) return error(400, 21610, "Attempt to send to unsubscribed recipient");

    const sid = `SM${hex(16)}`;
    messages.push({ sid, to, from: sender, messagingServiceSid: service, body });
    if (dropNext) {
      dropNext = false;
      requests.push({ to, status: 0 });
      req.socket.destroy();
      return;
    }
    const now = new Date().toUTCString();
    reply(201, {
      sid,
      account_sid: accountSid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_updated: now,
      date_sent: null,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: sender,
      messaging_service_sid: service,
      num_media: "0",
      num_segments: String(Math.ceil(body.length / 153) || 1),
      price: null,
      price_unit: "USD",
      status: "queued",
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    from,
    messages,
    requests,
    unsubscribed,
    failNext: (n, status = 500) => {
      failures = n;
      failStatus = status;
    },
    dropNextAnswer: () => {
      dropNext = true;
    },
    signedWebhook: (url, params) => ({
      body: new URLSearchParams(params).toString(),
      signature: twilio.getExpectedTwilioSignature(authToken, url, params),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
