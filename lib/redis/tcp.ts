import { createHash } from "node:crypto";
import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from "redis";

/**
 * Upstash REST requests run on a TCP Redis connection: the one translation used both in the app's own
 * process (lib/redis/direct.ts hands it to @upstash/redis as its transport) and by the REST bridge
 * (lib/redis/bridge.ts) that answers the same requests over HTTP.
 *
 * A request is one command (`["get","key"]`), a pipeline or a MULTI/EXEC transaction (a list of
 * commands). Replies are `{result}` / `{error}` (a list of those for pipelines and transactions), with
 * strings base64-encoded when the client asked for Upstash's base64 encoding.
 */

export type UpstashMode = "single" | "pipeline" | "multi";

export interface UpstashReply {
  result?: unknown;
  error?: string;
}

export interface TcpRedisOptions {
  /** `redis://host:port` (or `rediss://`). */
  url: string;
  /** Where connection problems are reported (at most one line per 30 s). */
  log?: (message: string) => void;
}

export interface TcpRedis {
  /** True while the connection to Redis is up. */
  isReady(): boolean;
  /** Resolves once connected, or after `ms` without a connection (it keeps retrying either way). */
  ready(ms: number): Promise<void>;
  /**
   * Runs one Upstash request. Throws UpstashRequestError for a request Redis must not see (malformed,
   * refused command) and RedisUnavailable (or the connection's own error) while Redis cannot answer;
   * a command Redis itself refuses is an `{error}` reply.
   */
  execute(mode: UpstashMode, body: unknown, base64: boolean): Promise<UpstashReply | UpstashReply[]>;
  close(): void;
}

/** A request that is wrong whatever Redis's state (`status` is what HTTP answers). */
export class UpstashRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class RedisUnavailable extends Error {}

type Arg = string | number | boolean;
type CommandArgs = [string, ...Arg[]];

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

/** Bulk and simple strings as Buffers, so replies carry the exact bytes Redis holds. */
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

/** The mode of an Upstash request path (`/`, `/pipeline`, `/multi-exec`), or null for another path. */
export function upstashMode(path: string): UpstashMode | null {
  const p = path.replace(/^\/+|\/+$/g, "");
  return p === "" ? "single" : p === "pipeline" ? "pipeline" : p === "multi-exec" ? "multi" : null;
}

/** Connects to Redis in the background: requests fail at once (RedisUnavailable) until it answers. */
export function connectTcpRedis(options: TcpRedisOptions): TcpRedis {
  const log = throttled(options.log ?? ((m) => console.warn(m)));
  const client = createClient({
    url: options.url,
    RESP: 2,
    // While Redis is away, fail at once instead of queueing commands the caller has given up on.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000),
    },
  });
  client.on("error", (e: unknown) => {
    log(`Redis at ${redactUrl(options.url)}: ${e instanceof Error ? e.message || e.name : String(e)}`);
  });
  const redis = client.withTypeMapping(BUFFER_REPLIES);
  // connect() keeps retrying through reconnectStrategy; requests fail until it succeeds.
  const connecting = client.connect().then(
    () => undefined,
    () => undefined,
  );
  const scripts = new ScriptAliases();

  // The first connection attempt is awaited (within the caller's timeout), so a process's first requests
  // find Redis rather than failing; once it has succeeded or failed, a Redis that is away fails at once.
  let firstAttempt: Promise<void> | null = new Promise<void>((resolve) => {
    client.once("ready", resolve);
    client.once("error", resolve);
  }).then(() => {
    firstAttempt = null;
  });
  const ensureReady = async () => {
    if (!client.isReady && firstAttempt) await firstAttempt;
    if (!client.isReady) throw new RedisUnavailable("Redis is not ready");
  };

  const run = async (args: CommandArgs): Promise<unknown> => {
    if (!client.isReady) await ensureReady();
    const { args: sent, mapReply } = scripts.adapt(args.map(String));
    const reply = await redis.sendCommand(sent);
    return mapReply ? mapReply(reply) : reply;
  };

  async function runTransaction(commands: CommandArgs[], base64: boolean): Promise<UpstashReply[]> {
    await ensureReady();
    const multi = redis.multi();
    for (const c of commands) multi.addCommand(scripts.adapt(c.map(String)).args);
    try {
      const replies: unknown[] = await multi.exec();
      return replies.map((r) => ({ result: encodeReply(r, base64) }));
    } catch (e) {
      // EXEC ran, but some commands failed at run time: Redis does not roll back, so report each one.
      if (e instanceof MultiErrorReply) {
        return e.replies.map((r: unknown) => (r instanceof ErrorReply ? { error: r.message } : { result: encodeReply(r, base64) }));
      }
      throw e;
    }
  }

  return {
    isReady: () => client.isReady,
    ready: (ms) => Promise.race([connecting, delay(ms)]),
    async execute(mode, body, base64) {
      if (mode === "single") {
        const command = parseCommand(body, "the body");
        try {
          return { result: encodeReply(await run(command), base64) };
        } catch (e) {
          if (e instanceof ErrorReply) return { error: e.message };
          throw e;
        }
      }
      const commands = parseCommandList(body);
      if (mode === "multi") return runTransaction(commands, base64);
      await ensureReady();
      // Sent back to back on one connection, so Redis runs them in order (not atomically).
      const settled = await Promise.allSettled(commands.map(run));
      return settled.map((s) => {
        if (s.status === "fulfilled") return { result: encodeReply(s.value, base64) };
        if (s.reason instanceof ErrorReply) return { error: s.reason.message };
        throw s.reason;
      });
    },
    close: () => {
      // destroy() also stops a reconnect loop that close() would wait on.
      client.destroy();
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

function parseCommand(value: unknown, where: string): CommandArgs {
  if (!Array.isArray(value) || value.length === 0) {
    throw new UpstashRequestError(`Invalid command in ${where}: expected a non-empty JSON array like ["get","key"]`);
  }
  const [name] = value;
  if (typeof name !== "string" || name === "") {
    throw new UpstashRequestError(`Invalid command in ${where}: the command name must be a non-empty string`);
  }
  value.forEach((arg, i) => {
    const ok = typeof arg === "string" || typeof arg === "boolean" || (typeof arg === "number" && Number.isFinite(arg));
    if (!ok) {
      throw new UpstashRequestError(`Invalid command in ${where}: argument ${i} must be a string, number or boolean`);
    }
  });
  const lower = name.toLowerCase();
  const blocking = (lower === "xread" || lower === "xreadgroup") && value.some((a) => String(a).toLowerCase() === "block");
  if (REFUSED_COMMANDS.has(lower) || blocking) {
    throw new UpstashRequestError(`Command ${name.toUpperCase()} is not supported on the shared Redis connection`);
  }
  return value as CommandArgs;
}

function parseCommandList(value: unknown): CommandArgs[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new UpstashRequestError('Invalid body: expected a non-empty JSON array of commands like [["get","key"]]');
  }
  return value.map((c, i) => parseCommand(c, `command ${i}`));
}

/** Upstash's encoding: strings (bulk or status) base64 when asked, integers and null raw, arrays element-wise. */
function encodeReply(value: unknown, base64: boolean): unknown {
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
