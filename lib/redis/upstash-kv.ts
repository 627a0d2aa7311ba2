import { createHash, randomBytes } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import type { Kv, LockResult, RateLimitResult } from "@/lib/redis/types";
import { timed } from "@/lib/server-timing";

export interface UpstashKvOptions {
  /** Upstash REST endpoint (Upstash itself or the bundled bridge). */
  url: string;
  token: string;
  /** Prepended to every key, so several deployments or test runs can share one Redis. */
  prefix?: string;
  /** How long any one call may take before the caller carries on without Redis. */
  timeoutMs?: number;
  /**
   * After this many failures in a row, calls skip Redis for `cooldownMs` and answer "no Redis" at
   * once, so a dead Redis costs requests nothing instead of a timeout each. health() always asks.
   */
  failureThreshold?: number;
  cooldownMs?: number;
  /** Where failures are reported (at most one line per 30 s). */
  warn?: (message: string) => void;
}

/** Deletes the lock only if it still holds our token, so a lock that expired and was retaken is left alone. */
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const RELEASE_SHA = createHash("sha1").update(RELEASE_SCRIPT).digest("hex");

const WARN_EVERY_MS = 30_000;

/** `sent: false` when the call was skipped (Redis known to be down), so it cannot have had any effect. */
type Outcome<T> = { ok: true; value: T } | { ok: false; sent: boolean };

const DEGRADED_LOCK: LockResult = Object.freeze({ acquired: true, degraded: true, release: async () => {} });
const REFUSED_LOCK: LockResult = Object.freeze({ acquired: false, degraded: false, release: async () => {} });

export function createUpstashKv(options: UpstashKvOptions): Kv {
  const prefix = options.prefix ?? "";
  const timeoutMs = options.timeoutMs ?? 250;
  const failureThreshold = options.failureThreshold ?? 3;
  const cooldownMs = options.cooldownMs ?? 1_000;
  const warnSink = options.warn ?? ((m: string) => console.warn(m));

  const redis = new Redis({
    url: options.url,
    token: options.token,
    // One quick retry for a dropped keep-alive connection; the default (5, exponential) takes seconds.
    retry: { retries: 1, backoff: () => 20 },
    enableTelemetry: false,
    // Values are parsed here, where a malformed one can be treated as a miss.
    automaticDeserialization: false,
    // A fresh signal per HTTP request: a call that gives up also frees its socket.
    signal: () => AbortSignal.timeout(timeoutMs),
  });

  let lastWarnAt = 0;
  let consecutiveFailures = 0;
  let skipUntil = 0;

  function warn(op: string, reason: string): void {
    const now = Date.now();
    if (now - lastWarnAt < WARN_EVERY_MS) return;
    lastWarnAt = now;
    warnSink(`[redis] ${op} failed (${reason}); carrying on without Redis. Further failures are not logged for 30 s.`);
  }

  /** Runs one Redis call within timeoutMs; never throws. */
  async function attempt<T>(op: string, fn: () => Promise<T>, opts: { ignoreBreaker?: boolean } = {}): Promise<Outcome<T>> {
    if (!opts.ignoreBreaker && Date.now() < skipUntil) return { ok: false, sent: false };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const value = await timed("redis", () => Promise.race([fn(), timeout]));
      if (value === "timeout") {
        fail(op, `no answer within ${timeoutMs} ms`);
        return { ok: false, sent: true };
      }
      consecutiveFailures = 0;
      return { ok: true, value: value as T };
    } catch (e) {
      const aborted = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      fail(op, aborted ? `no answer within ${timeoutMs} ms` : describe(e));
      return { ok: false, sent: true };
    } finally {
      clearTimeout(timer);
    }
  }

  function fail(op: string, reason: string): void {
    consecutiveFailures++;
    if (consecutiveFailures >= failureThreshold) skipUntil = Date.now() + cooldownMs;
    warn(op, reason);
  }

  async function releaseToken(key: string, token: string): Promise<void> {
    await attempt("lock release", async () => {
      try {
        return await redis.evalsha(RELEASE_SHA, [key], [token]);
      } catch (e) {
        // First use after a Redis start: the script is not cached yet; EVAL caches it for next time.
        if (String(e).includes("NOSCRIPT")) return await redis.eval(RELEASE_SCRIPT, [key], [token]);
        throw e;
      }
    });
  }

  const limiters = new Map<string, Ratelimit>();
  function limiterFor(limit: number, windowSeconds: number): Ratelimit {
    const id = `${limit}/${windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(limit, `${windowSeconds} s`),
        prefix: `${prefix}rl${limit}-${windowSeconds}s`,
        // A Redis that does not answer in time lets the request through (reason "timeout").
        timeout: timeoutMs,
        analytics: false,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  return {
    kind: "upstash",

    async lock(key, ttlMs) {
      const fullKey = prefix + key;
      const token = randomBytes(16).toString("hex");
      const res = await attempt("lock", () => redis.set(fullKey, token, { nx: true, px: Math.max(1, Math.round(ttlMs)) }));
      if (!res.ok) {
        if (!res.sent) return DEGRADED_LOCK;
        // The SET may have landed although we got no answer (late, or lost with the connection): clear it
        // in the background (only our token matches) so nobody waits out the TTL on a lock no one holds.
        let cleaned = false;
        return {
          acquired: true,
          degraded: true,
          release: async () => {
            if (cleaned) return;
            cleaned = true;
            // Plain EVAL: its reply may never be read, so a NOSCRIPT fallback could not happen.
            void attempt("lock cleanup", () => redis.eval(RELEASE_SCRIPT, [fullKey], [token]), { ignoreBreaker: true });
          },
        };
      }
      if (res.value !== "OK") return REFUSED_LOCK;
      let released: Promise<void> | undefined;
      return {
        acquired: true,
        degraded: false,
        release: () => (released ??= releaseToken(fullKey, token)),
      };
    },

    async getJson<T>(key: string): Promise<T | null> {
      const res = await attempt("cache read", () => redis.get<string>(prefix + key));
      if (!res.ok || res.value === null || res.value === undefined) return null;
      try {
        return JSON.parse(res.value) as T;
      } catch {
        return null;
      }
    },

    async setJson(key, value, ttlMs) {
      const json = JSON.stringify(value);
      if (json === undefined) return;
      await attempt("cache write", () => redis.set(prefix + key, json, { px: Math.max(1, Math.round(ttlMs)) }));
    },

    async getVersion(key) {
      const res = await attempt("version read", () => redis.get<string>(prefix + key));
      if (!res.ok) return null;
      if (res.value === null || res.value === undefined) return 0;
      const n = Number(res.value);
      return Number.isFinite(n) ? n : null;
    },

    async bumpVersion(key) {
      const res = await attempt("version bump", () => redis.incr(prefix + key));
      return res.ok ? Number(res.value) : null;
    },

    async rateLimit(identifier, limit, windowSeconds): Promise<RateLimitResult> {
      const res = await attempt("rate limit", () => limiterFor(limit, windowSeconds).limit(identifier));
      if (!res.ok || res.value.success) return { allowed: true, retryAfter: 0 };
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((res.value.reset - Date.now()) / 1000)) };
    },

    async health() {
      const res = await attempt("health check", () => redis.ping(), { ignoreBreaker: true });
      if (res.ok && res.value === "PONG") {
        skipUntil = 0;
        return "ok";
      }
      return "down";
    },
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message || (cause as { code?: string }).code || cause.name}` : "";
    return `${e.message || e.name}${causeText}`;
  }
  return String(e);
}
