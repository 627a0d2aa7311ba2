import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorReply } from "redis";
import { connectTcpRedis, upstashMode, UpstashRequestError } from "@/lib/redis/tcp";

/**
 * A small Upstash REST endpoint in front of a TCP Redis (what Upstash's SRH does in Docker). The app
 * itself talks to a TCP Redis directly (lib/redis/direct.ts); the bridge serves what still speaks
 * Upstash's HTTP protocol to a local Redis, such as the tests of the REST transport used against Upstash.
 *
 * Protocol (what @upstash/redis sends): `POST /` with a JSON command array, `POST /pipeline` and
 * `POST /multi-exec` with an array of commands, `Authorization: Bearer <token>`, and optionally
 * `Upstash-Encoding: base64`. Replies are `{result}` / `{error}` (pipeline: an array of those).
 */

export interface BridgeOptions {
  /** `redis://host:port` of the TCP Redis behind the bridge. */
  redisUrl: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Bearer token every request must carry. */
  token: string;
  /** How long `startBridge` waits for the first Redis connection before returning anyway (it keeps retrying). */
  readyTimeoutMs?: number;
  /** Where connection problems are reported (at most one line per 30 s). */
  log?: (message: string) => void;
}

export interface Bridge {
  url: string;
  token: string;
  /** True while the TCP connection to Redis is up. */
  isRedisReady(): boolean;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  if (!options.token) throw new Error("startBridge: a non-empty token is required");
  const host = options.host ?? "127.0.0.1";
  const expectedDigest = digest(`Bearer ${options.token}`);
  const redis = connectTcpRedis({ url: options.redisUrl, log: (m) => (options.log ?? console.warn)(`[redis-bridge] ${m}`) });

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      sendJson(res, 500, { error: e instanceof Error ? e.message : "Internal error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "") || "/";

    if (req.method === "GET" && (path === "/" || path === "/healthz")) {
      // Reveals only whether Redis is reachable, so it needs no token (launchers and probes use it).
      const up = redis.isReady();
      sendJson(res, up ? 200 : 503, { status: up ? "ok" : "redis-unavailable" });
      return;
    }
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      sendJson(res, 405, { error: "Use POST (or GET /healthz)" });
      return;
    }
    if (!authorized(req.headers.authorization, expectedDigest)) {
      drain(req);
      sendJson(res, 401, { error: "Unauthorized" });
      return;
    }
    const mode = upstashMode(path);
    if (!mode) {
      drain(req);
      sendJson(res, 404, { error: `Unknown endpoint ${path}: use /, /pipeline or /multi-exec` });
      return;
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";

    try {
      const reply = await redis.execute(mode, await readJson(req), base64);
      // A single command Redis refused is a 400, as Upstash answers it.
      sendJson(res, !Array.isArray(reply) && reply.error !== undefined ? 400 : 200, reply);
    } catch (e) {
      if (e instanceof UpstashRequestError) sendJson(res, e.status, { error: e.message });
      else if (e instanceof ErrorReply) sendJson(res, 400, { error: e.message });
      else sendJson(res, 503, { error: `Redis unavailable: ${e instanceof Error ? e.message || e.name : String(e)}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  await redis.ready(options.readyTimeoutMs ?? 3_000);

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    token: options.token,
    isRedisReady: () => redis.isReady(),
    close: () => {
      closed ??= (async () => {
        await closeServer(server);
        redis.close();
      })();
      return closed;
    },
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Compares digests so the comparison takes the same time whatever the length or content of the header. */
function authorized(header: string | undefined, expectedDigest: Buffer): boolean {
  if (!header) return false;
  return timingSafeEqual(digest(header.trim()), expectedDigest);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new UpstashRequestError(`Body larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new UpstashRequestError("Empty body: expected a JSON array");
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstashRequestError("Malformed JSON body");
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Discards a refused request's body so the keep-alive connection stays usable. */
function drain(req: IncomingMessage): void {
  req.resume();
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
