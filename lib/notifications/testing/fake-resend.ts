import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Resend's API, speaking its wire format (POST /emails, Bearer key,
 * Idempotency-Key header, `{id}` back, `{statusCode, name, message}` errors), for tests that point
 * RESEND_BASE_URL at it. Like Resend it dedupes on the Idempotency-Key: a repeat with the same body
 * returns the first message's id without delivering again; a repeat with a different body is a 409
 * `invalid_idempotent_request`; a repeat while the first is in flight is a 409
 * `concurrent_idempotent_requests`. Only successful requests are remembered.
 */
export interface FakeEmail {
  id: string;
  idempotencyKey: string | null;
  body: {
    from: string;
    to: string[] | string;
    subject: string;
    html?: string;
    text?: string;
    attachments?: { filename?: string; content?: string; content_type?: string; contentType?: string }[];
    tags?: { name: string; value: string }[];
  };
}

export interface FakeResend {
  /** Use as RESEND_BASE_URL / the transport's baseUrl. */
  url: string;
  apiKey: string;
  /** Messages actually delivered: one per accepted request, never one per retry. */
  deliveries: FakeEmail[];
  /** Every POST /emails received, including failed and deduplicated ones. */
  requests: { idempotencyKey: string | null; status: number }[];
  /** The next `n` requests answer 500 without delivering. */
  failNext(n: number): void;
  /** The next request is held for `ms` before it is processed (to overlap two senders). */
  delayNext(ms: number): void;
  /** Stops listening and drops open connections: the provider is unreachable until `comeBack`. */
  goDown(): Promise<void>;
  /** Listens again on the same port, remembering every key it had seen. */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeResend(options: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? "re_test_key";
  const deliveries: FakeEmail[] = [];
  const requests: FakeResend["requests"] = [];
  const byKey = new Map<string, { hash: string; id: string }>();
  const inFlight = new Set<string>();
  let failures = 0;
  let delay = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: unknown, key: string | null) => {
      requests.push({ idempotencyKey: key, status });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, name: string, message: string, key: string | null) =>
      reply(status, { statusCode: status, name, message }, key);

    const raw = await readBody(req);
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    if (req.method !== "POST" || req.url !== "/emails") return error(404, "not_found", "Not found", key);
    if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, "missing_api_key", "Invalid API key", key);

    let body: FakeEmail["body"];
    try {
      body = JSON.parse(raw) as FakeEmail["body"];
    } catch {
      return error(422, "validation_error", "Invalid JSON body", key);
    }
    if (!body.from || !body.to || !body.subject) return error(422, "validation_error", "from, to and subject are required", key);

    const hash = createHash("sha256").update(raw).digest("hex");
    if (key) {
      const seen = byKey.get(key);
      if (seen) {
        if (seen.hash !== hash) {
          return error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.", key);
        }
        return reply(200, { id: seen.id }, key);
      }
      if (inFlight.has(key)) {
        return error(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress.", key);
      }
      inFlight.add(key);
    }
    try {
      if (delay > 0) {
        const ms = delay;
        delay = 0;
        await new Promise((r) => setTimeout(r, ms));
      }
      if (failures > 0) {
        failures--;
        return error(500, "internal_server_error", "Something went wrong (injected).", key);
      }
      const id = randomUUID();
      deliveries.push({ id, idempotencyKey: key, body });
      if (key) byKey.set(key, { hash, id });
      reply(200, { id }, key);
    } finally {
      if (key) inFlight.delete(key);
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const shut = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    deliveries,
    requests,
    failNext: (n) => {
      failures = n;
    },
    delayNext: (ms) => {
      delay = ms;
    },
    goDown: shut,
    comeBack: () =>
      new Promise<void>((resolve, reject) => {
        if (server.listening) return resolve();
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      }),
    close: shut,
  };
}
