import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from "redis";

/**
 * A small Upstash REST endpoint in front of a TCP Redis (what Upstash's SRH does in Docker), so the app
 * talks to a local Redis through the same @upstash/redis client it uses against Upstash.
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

type Arg = string | number | boolean;
type CommandArgs = [string, ...Arg[]];

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const LOG_EVERY_MS = 30_000;

/**
 * Commands that would change the state of the one shared connection (pub/sub, MULTI, SELECT, CLIENT
 * REPLY…) or block it for every other caller. Transactions go through /multi-exec instead.
 */
const REFUSED_COMMANDS = new Set([
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "monitor",
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "select",
  "quit",
  "reset",
  "hello",
  "auth",
  "client",
  "sync",
  "psync",
  "replconf",
  "blpop",
  "brpop",
  "brpoplpush",
  "blmove",
  "blmpop",
  "bzpopmin",
  "bzpopmax",
  "bzmpop",
  "wait",
  "waitaof",
]);

/** Bulk and simple strings as Buffers, so base64 replies carry the exact bytes Redis holds. */
const BUFFER_REPLIES = {
  [RESP_TYPES.BLOB_STRING]: Buffer,
  [RESP_TYPES.SIMPLE_STRING]: Buffer,
} as const;

/**
 * Script shebang flags that Upstash understands and open-source Redis refuses ("Unexpected flag in script
 * shebang"): @upstash/ratelimit 2.x marks its scripts `#!lua flags=allow-key-locking` so Upstash locks
 * only the declared keys. Redis already runs scripts one at a time, so dropping the flag loses nothing.
 */
const UPSTASH_ONLY_SCRIPT_FLAGS = new Set(["allow-key-locking"]);
const MAX_SCRIPT_ALIASES = 1_000;

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

class RedisUnavailable extends Error {}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  if (!options.token) throw new Error("startBridge: a non-empty token is required");
  const host = options.host ?? "127.0.0.1";
  const log = throttled(options.log ?? ((m) => console.warn(m)));
  const expectedDigest = digest(`Bearer ${options.token}`);

  const client = createClient({
    url: options.redisUrl,
    RESP: 2,
    // While Redis is away, fail at once (503) instead of queueing commands the caller has given up on.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000),
    },
  });
  client.on("error", (e: unknown) => {
    log(`[redis-bridge] Redis at ${redactUrl(options.redisUrl)}: ${e instanceof Error ? e.message || e.name : String(e)}`);
  });
  const redis = client.withTypeMapping(BUFFER_REPLIES);
  // connect() keeps retrying through reconnectStrategy; requests get 503 until it succeeds.
  const connecting = client.connect().catch(() => undefined);

  const scripts = new ScriptAliases();

  const run = async (args: CommandArgs): Promise<unknown> => {
    if (!client.isReady) throw new RedisUnavailable("Redis is not ready");
    const { args: sent, mapReply } = scripts.adapt(args.map(String));
    const reply = await redis.sendCommand(sent);
    return mapReply ? mapReply(reply) : reply;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      sendJson(res, 500, { error: e instanceof Error ? e.message : "Internal error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "") || "/";

    if (req.method === "GET" && (path === "/" || path === "/healthz")) {
      // Reveals only whether Redis is reachable, so it needs no token (launchers and probes use it).
      sendJson(res, client.isReady ? 200 : 503, { status: client.isReady ? "ok" : "redis-unavailable" });
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
    const mode = path === "/" ? "single" : path === "/pipeline" ? "pipeline" : path === "/multi-exec" ? "multi" : null;
    if (!mode) {
      drain(req);
      sendJson(res, 404, { error: `Unknown endpoint ${path}: use /, /pipeline or /multi-exec` });
      return;
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";

    try {
      const body = await readJson(req);
      if (mode === "single") {
        const command = parseCommand(body, "the body");
        try {
          sendJson(res, 200, { result: encodeReply(await run(command), base64) });
        } catch (e) {
          if (e instanceof ErrorReply) sendJson(res, 400, { error: e.message });
          else throw e;
        }
        return;
      }
      const commands = parseCommandList(body);
      if (mode === "pipeline") {
        if (!client.isReady) throw new RedisUnavailable("Redis is not ready");
        // Sent back to back on one connection, so Redis runs them in order (not atomically).
        const settled = await Promise.allSettled(commands.map(run));
        const replies = settled.map((s) => {
          if (s.status === "fulfilled") return { result: encodeReply(s.value, base64) };
          if (s.reason instanceof ErrorReply) return { error: s.reason.message };
          throw s.reason;
        });
        sendJson(res, 200, replies);
        return;
      }
      sendJson(res, 200, await runTransaction(commands, base64));
    } catch (e) {
      if (e instanceof BadRequest) sendJson(res, e.status, { error: e.message });
      else if (e instanceof ErrorReply) sendJson(res, 400, { error: e.message });
      else sendJson(res, 503, { error: `Redis unavailable: ${e instanceof Error ? e.message || e.name : String(e)}` });
    }
  }

  async function runTransaction(commands: CommandArgs[], base64: boolean): Promise<unknown[]> {
    if (!client.isReady) throw new RedisUnavailable("Redis is not ready");
    const multi = redis.multi();
    for (const c of commands) multi.addCommand(scripts.adapt(c.map(String)).args);
    try {
      const replies: unknown[] = await multi.exec();
      return replies.map((r) => ({ result: encodeReply(r, base64) }));
    } catch (e) {
      // EXEC ran, but some commands failed at run time: Redis does not roll back, so report each one.
      if (e instanceof MultiErrorReply) {
        return e.replies.map((r: unknown) =>
          r instanceof ErrorReply ? { error: r.message } : { result: encodeReply(r, base64) },
        );
      }
      throw e;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  await Promise.race([connecting, delay(options.readyTimeoutMs ?? 3_000)]);

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    token: options.token,
    isRedisReady: () => client.isReady,
    close: () => {
      closed ??= (async () => {
        await closeServer(server);
        // destroy() also stops a reconnect loop that close() would wait on.
        client.destroy();
      })();
      return closed;
    },
  };
}

/**
 * Rewrites scripts that carry Upstash-only shebang flags. The client computed its EVALSHA digest from the
 * original text, so the digest of the original is remembered as an alias of the rewritten one: after the
 * first EVAL, EVALSHA keeps working in one round trip.
 */
class ScriptAliases {
  /** sha1(original script) → sha1(script as sent to Redis). */
  private readonly aliases = new Map<string, string>();

  adapt(args: string[]): { args: string[]; mapReply?: (reply: unknown) => unknown } {
    const name = args[0]!.toLowerCase();
    if ((name === "eval" || name === "eval_ro") && args.length > 1) {
      const script = this.rewrite(args[1]!);
      return script === args[1] ? { args } : { args: [args[0]!, script, ...args.slice(2)] };
    }
    if ((name === "evalsha" || name === "evalsha_ro") && args.length > 1) {
      const alias = this.aliases.get(args[1]!.toLowerCase());
      return alias ? { args: [args[0]!, alias, ...args.slice(2)] } : { args };
    }
    if (name === "script" && args[1]?.toLowerCase() === "load" && args.length > 2) {
      const original = args[2]!;
      const script = this.rewrite(original);
      if (script === original) return { args };
      // The caller expects the digest of what it sent.
      return { args: [args[0]!, args[1]!, script], mapReply: () => sha1(original) };
    }
    return { args };
  }

  private rewrite(script: string): string {
    const newline = script.indexOf("\n");
    const firstLine = newline === -1 ? script : script.slice(0, newline);
    if (!firstLine.startsWith("#!lua")) return script;
    const parts = firstLine.trim().split(/\s+/);
    let changed = false;
    const kept = parts.map((part) => {
      if (!part.startsWith("flags=")) return part;
      const flags = part.slice("flags=".length).split(",").filter((f) => f !== "");
      const allowed = flags.filter((f) => !UPSTASH_ONLY_SCRIPT_FLAGS.has(f));
      if (allowed.length === flags.length) return part;
      changed = true;
      return allowed.length > 0 ? `flags=${allowed.join(",")}` : "";
    });
    if (!changed) return script;
    const rewritten = kept.filter((p) => p !== "").join(" ") + (newline === -1 ? "" : script.slice(newline));
    if (this.aliases.size >= MAX_SCRIPT_ALIASES) this.aliases.clear();
    this.aliases.set(sha1(script), sha1(rewritten));
    return rewritten;
  }
}

function sha1(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
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
    if (size > MAX_BODY_BYTES) throw new BadRequest(`Body larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new BadRequest("Empty body: expected a JSON array");
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("Malformed JSON body");
  }
}

function parseCommand(value: unknown, where: string): CommandArgs {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest(`Invalid command in ${where}: expected a non-empty JSON array like ["get","key"]`);
  }
  const [name] = value;
  if (typeof name !== "string" || name === "") {
    throw new BadRequest(`Invalid command in ${where}: the command name must be a non-empty string`);
  }
  value.forEach((arg, i) => {
    const ok = typeof arg === "string" || typeof arg === "boolean" || (typeof arg === "number" && Number.isFinite(arg));
    if (!ok) {
      throw new BadRequest(`Invalid command in ${where}: argument ${i} must be a string, number or boolean`);
    }
  });
  const lower = name.toLowerCase();
  const blocking = (lower === "xread" || lower === "xreadgroup") && value.some((a) => String(a).toLowerCase() === "block");
  if (REFUSED_COMMANDS.has(lower) || blocking) {
    throw new BadRequest(`Command ${name.toUpperCase()} is not supported by this REST bridge`);
  }
  return value as CommandArgs;
}

function parseCommandList(value: unknown): CommandArgs[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest('Invalid body: expected a non-empty JSON array of commands like [["get","key"]]');
  }
  return value.map((c, i) => parseCommand(c, `command ${i}`));
}

/** Upstash's encoding: strings (bulk or status) base64 when asked, integers and null raw, arrays element-wise. */
export function encodeReply(value: unknown, base64: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return base64 ? value.toString("base64") : value.toString("utf8");
  if (typeof value === "string") return base64 ? Buffer.from(value, "utf8").toString("base64") : value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Array.isArray(value)) return value.map((v) => encodeReply(v, base64));
  // An error nested in an array reply (a script returning redis.error_reply in a table) becomes its text.
  if (value instanceof Error) return encodeReply(value.message, base64);
  return encodeReply(String(value), base64);
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

function throttled(log: (m: string) => void): (m: string) => void {
  let last = 0;
  return (m) => {
    const now = Date.now();
    if (now - last < LOG_EVERY_MS) return;
    last = now;
    log(m);
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
